"""The model case: the 3rd Annual U.S.–Mexico Defense & Security Roundtable (Tucson, 2024)."""

SERIES = {
    "name": "U.S.–Mexico Defense & Security Roundtable",
    "slug": "us-mexico-defense-security-roundtable",
    "description": (
        "An annual gathering of military leaders, practitioners and foreign policy "
        "professionals from both sides of the border, held in Tucson with an online "
        "audience on Zoom."
    ),
    "name_es": "Mesa Redonda Anual México–Estados Unidos sobre Defensa y Seguridad",
    "description_es": (
        "Encuentro anual de mandos militares, especialistas y profesionales de la política "
        "exterior de ambos lados de la frontera, que se celebra en Tucson con público en "
        "línea por Zoom."
    ),
}

ORGANIZATIONS = [
    {
        "name": "University of Arizona",
        "short_name": "UA",
        "slug": "university-of-arizona",
        "website": "https://www.arizona.edu",
        "description": "Public research university in Tucson, Arizona.",
        "description_es": "Universidad pública de investigación en Tucson, Arizona.",
        # The university's own Spanish name; its acronym stays UA.
        "name_es": "Universidad de Arizona",
        "short_name_es": "UA",
    },
    {
        "name": "Tucson Committee on Foreign Relations",
        "short_name": "TCFR",
        "slug": "tucson-committee-on-foreign-relations",
        "website": None,
        "description": "Tucson's forum for discussion of international affairs.",
        "description_es": "Foro de Tucson para el análisis de los asuntos internacionales.",
        # No Spanish name of its own: Spanish pages keep the English one (a proper name).
    },
    {
        "name": (
            "Binational Research Consortium with the National Autonomous University of "
            "Mexico (UNAM) on Migration, Human Rights, and Human Security"
        ),
        "short_name": "UNAM Binational Consortium",
        "slug": "binational-research-consortium-unam",
        "website": None,
        "description": (
            "A binational research consortium with the National Autonomous University of "
            "Mexico (UNAM) on migration, human rights, and human security."
        ),
        "description_es": (
            "Consorcio binacional de investigación con la Universidad Nacional Autónoma de "
            "México (UNAM) sobre migración, derechos humanos y seguridad humana."
        ),
        "name_es": (
            "Consorcio Binacional de Investigación con la Universidad Nacional Autónoma de "
            "México (UNAM) sobre Migración, Derechos Humanos y Seguridad Humana"
        ),
        "short_name_es": "Consorcio Binacional UNAM",
    },
]

PEOPLE = {
    "barcelo": {
        "honorific": "Consul",
        "name": "Rafael Barceló Durazo",
        "position": "Consul of Mexico in Tucson",
        "affiliation": "Consulate of Mexico in Tucson",
        "bio": (
            "Consul Barceló Durazo is the Consul of Mexico in Tucson. He has been a career "
            "diplomat since 2010 and served in Brazil and Costa Rica. He also served as the "
            "Deputy Director General for International Policy on Human Rights. He holds a "
            "master’s degree in Administration and Public Policy from the Center for Research "
            "and Instruction in Economics."
        ),
        "honorific_es": "Cónsul",
        "position_es": "Cónsul de México en Tucson",
        "affiliation_es": "Consulado de México en Tucson",
        "bio_es": (
            "El cónsul Barceló Durazo es cónsul de México en Tucson. Es diplomático de "
            "carrera desde 2010 y ha estado adscrito en Brasil y Costa Rica. También fue "
            "director general adjunto de Política Internacional de Derechos Humanos. Es "
            "maestro en Administración y Políticas Públicas por el Centro de Investigación "
            "y Docencia Económicas (CIDE)."
        ),
    },
    "guillot": {
        "honorific": "General",
        "name": "Gregory M. Guillot",
        "position": (
            "Commander, North American Aerospace Defense Command and "
            "United States Northern Command"
        ),
        "affiliation": "NORAD and USNORTHCOM",
        "bio": (
            "General Guillot is the Commander of North American Aerospace Defense Command "
            "and United States Northern Command. North American Aerospace Defense Command, "
            "commonly known as NORAD, is a bi-national command charged with aerospace "
            "warning, aerospace control, and maritime warning in defense of the United States "
            "and Canada. United States Northern Command, or USNORTHCOM, deters, detects, and "
            "defeats threats to the United States and provides defense support to civil "
            "authorities."
        ),
        "honorific_es": "General",
        "position_es": (
            "Comandante del Comando de Defensa Aeroespacial de América del Norte y del "
            "Comando Norte de los Estados Unidos"
        ),
        "affiliation_es": "NORAD y Comando Norte de los Estados Unidos (USNORTHCOM)",
        "bio_es": (
            "El general Guillot es comandante del Comando de Defensa Aeroespacial de América "
            "del Norte (NORAD) y del Comando Norte de los Estados Unidos (USNORTHCOM). El "
            "NORAD es un comando binacional encargado de la alerta y el control aeroespacial "
            "y de la alerta marítima para la defensa de los Estados Unidos y Canadá. El "
            "USNORTHCOM disuade, detecta y neutraliza amenazas contra los Estados Unidos y "
            "brinda apoyo de defensa a las autoridades civiles."
        ),
    },
    "benitez": {
        "honorific": "Dr.",
        "name": "Raúl Benítez Manaut",
        "position": (
            "Professor and researcher; President of the Collective for the Analysis of "
            "Security with Democracy (CASEDE)"
        ),
        "affiliation": "National Autonomous University of Mexico (UNAM)",
        "bio": (
            "Dr. Benítez Manaut is a professor and researcher at the National Autonomous "
            "University of Mexico (UNAM) and President of the Collective for the Analysis of "
            "Security with Democracy (CASEDE)."
        ),
        "honorific_es": "Dr.",
        "position_es": (
            "Profesor e investigador; presidente del Colectivo de Análisis de la Seguridad "
            "con Democracia (CASEDE)"
        ),
        "affiliation_es": "Universidad Nacional Autónoma de México (UNAM)",
        "bio_es": (
            "El Dr. Benítez Manaut es profesor e investigador de la Universidad Nacional "
            "Autónoma de México (UNAM) y preside el Colectivo de Análisis de la Seguridad con "
            "Democracia (CASEDE)."
        ),
    },
    "correa": {
        "honorific": "Dr.",
        "name": "Guadalupe Correa-Cabrera",
        "position": "Professor",
        "affiliation": "George Mason University",
        "bio": (
            "Dr. Correa-Cabrera is a professor at George Mason University and author of "
            "Los Zetas Inc.: Criminal Corporations, Energy, and Civil War in Mexico. She is "
            "also a SWJ–El Centro Fellow. Previously, she was the President of the "
            "Association for Borderlands Studies."
        ),
        "honorific_es": "Dra.",
        "position_es": "Profesora",
        "affiliation_es": "Universidad George Mason",
        "bio_es": (
            "La Dra. Correa-Cabrera es profesora en la Universidad George Mason y autora de "
            "Los Zetas Inc.: Criminal Corporations, Energy, and Civil War in Mexico. Es "
            "también SWJ–El Centro Fellow. Fue presidenta de la Association for Borderlands "
            "Studies."
        ),
    },
}

TIMEZONE = "America/Phoenix"

VENUE = {
    "venue_name": "University of Arizona",
    "venue_address": "1303 E University Blvd, Tucson, AZ 85719",
    "venue_room": "Student Union Memorial Center",
    # The building keeps its own name; the university has a Spanish one.
    "venue_name_es": "Universidad de Arizona",
}

# The agenda's titles in Spanish, by kind (written by us, for the Spanish pages).
AGENDA_ES = {
    "opening_remarks": "Palabras de apertura",
    "keynote": "Conferencia magistral",
    "panel": "Mesa de diálogo",
    "reception": "Recepción",
}

# Where an item happens when it is not the event's room, in English and in Spanish.
AGENDA_LOCATIONS = {
    "reception": ("University of Arizona, Student Union Memorial Center, North Ballroom",
                  "Universidad de Arizona, Student Union Memorial Center, salón norte"),
}

# (kind, title, minutes from start, duration in minutes, in person only, [(person, role)])
AGENDA = [
    ("opening_remarks", "Opening Remarks", 0, 10, False, [("barcelo", "speaker")]),
    ("keynote", "Keynote Address", 10, 30, False, [("guillot", "keynote_speaker")]),
    (
        "panel",
        "Panel Discussion",
        40,
        50,
        False,
        [("benitez", "panelist"), ("correa", "panelist")],
    ),
    ("reception", "Reception", 90, 90, True, []),
]

EVENT_MINUTES = 90
START_HOUR = 16

THIRD_EDITION = {
    "title": "3rd Annual U.S.–Mexico Defense & Security Roundtable",
    "slug": "us-mexico-defense-security-roundtable-2024",
    "edition": 3,
    "date": (2024, 11, 21),
    "summary": (
        "Military leaders, practitioners, and foreign policy professionals on U.S.–Mexico "
        "defense and security cooperation, in person in Tucson and online via Zoom."
    ),
    "description": (
        "The roundtable brings together both sides of the border to discuss defense and "
        "security cooperation between the United States and Mexico: migration, organized "
        "crime, and military-to-military partnership.\n\n"
        "The event lasts one and one-half hours, after which a reception takes place at "
        "the university for the in-person audience."
    ),
    "title_es": "3.ª Mesa Redonda Anual México–Estados Unidos sobre Defensa y Seguridad",
    "summary_es": (
        "Mandos militares, especialistas y profesionales de la política exterior conversan "
        "sobre la cooperación en defensa y seguridad entre México y los Estados Unidos, de "
        "manera presencial en Tucson y en línea por Zoom."
    ),
    "description_es": (
        "La mesa redonda reúne a ambos lados de la frontera para dialogar sobre la "
        "cooperación en defensa y seguridad entre los Estados Unidos y México: migración, "
        "crimen organizado y colaboración entre las fuerzas armadas.\n\n"
        "El evento dura hora y media; al terminar, el público presencial está invitado a "
        "una recepción en la universidad."
    ),
}

# The 3rd edition's published summary: our own account from the programme's facts
# (who spoke, in what role, on which themes). No quotes: we put no invented words in
# real people's mouths.
THIRD_EDITION_SUMMARY = {
    "body": (
        "The third edition brought practitioners and scholars from both countries to the "
        "Student Union in Tucson, with a second audience following on Zoom.\n\n"
        "**Consul Rafael Barceló Durazo**, Consul of Mexico in Tucson, opened the evening "
        "on behalf of the Mexican diplomatic community. **General Gregory M. Guillot**, who "
        "commands NORAD and U.S. Northern Command, gave the keynote address on how the two "
        "militaries work together on the continent's defense.\n\n"
        "In the panel that followed, **Dr. Raúl Benítez Manaut** (UNAM and CASEDE) and "
        "**Dr. Guadalupe Correa-Cabrera** (George Mason University) took up migration, "
        "organized crime and the partnership between the armed forces, each from their "
        "own side of the border. The in-person audience continued the conversation at the "
        "reception."
    ),
    "takeaways": (
        "Defense cooperation between the United States and Mexico is a standing "
        "relationship, not a response to single crises.\n"
        "Migration and organized crime were treated as shared problems that need both "
        "governments.\n"
        "Military-to-military partnership was discussed alongside the civilian and "
        "academic views from UNAM and George Mason University."
    ),
    "body_es": (
        "La tercera edición reunió a especialistas y académicos de ambos países en el "
        "Student Union de la Universidad de Arizona, en Tucson, con un segundo público "
        "que la siguió por Zoom.\n\n"
        "El **cónsul Rafael Barceló Durazo**, cónsul de México en Tucson, abrió la sesión "
        "en nombre de la comunidad diplomática mexicana. El **general Gregory M. Guillot**, "
        "comandante del NORAD y del Comando Norte de los Estados Unidos, dictó la "
        "conferencia magistral sobre la colaboración entre las fuerzas armadas de ambos "
        "países en la defensa del continente.\n\n"
        "En la mesa de diálogo que siguió, el **Dr. Raúl Benítez Manaut** (UNAM y CASEDE) "
        "y la **Dra. Guadalupe Correa-Cabrera** (Universidad George Mason) abordaron la "
        "migración, el crimen organizado y la colaboración entre las fuerzas armadas, cada "
        "uno desde su lado de la frontera. El público presencial continuó la conversación "
        "en la recepción."
    ),
    "takeaways_es": (
        "La cooperación en defensa entre México y los Estados Unidos es una relación "
        "permanente, no una respuesta a crisis aisladas.\n"
        "La migración y el crimen organizado se trataron como problemas compartidos que "
        "requieren a ambos gobiernos.\n"
        "La colaboración entre las fuerzas armadas se analizó junto con las perspectivas "
        "civiles y académicas de la UNAM y de la Universidad George Mason."
    ),
}
