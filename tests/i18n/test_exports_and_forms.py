"""Organizer downloads, form messages and flashes follow the organizer's language."""

from io import BytesIO

from openpyxl import load_workbook

from tests.managing import event_form, sign_in


def test_csv_and_xlsx_headers_in_spanish(client, make_user, make_event):
    user_id = sign_in(client, make_user)
    event_id = make_event(organizer_ids=[user_id], slug="mesa")
    client.post("/events/mesa/register", data={
        "name": "Raúl Benítez Manaut", "email": "raul@example.org", "mode": "in_person",
        "reception": "yes"})
    csv = client.get(f"/manage/events/{event_id}/registrations.csv?lang=es")
    header = csv.get_data(as_text=True).lstrip("\ufeff").splitlines()[0]
    assert header.startswith("ID,Nombre,Correo electrónico,Institución,Modalidad,Estado")
    assert "Fecha de registro (hora de Arizona)" in header
    assert "Raúl Benítez Manaut" in csv.get_data(as_text=True)
    xlsx = client.get(f"/manage/events/{event_id}/registrations.xlsx?lang=es")
    sheet = load_workbook(BytesIO(xlsx.get_data())).active
    assert sheet.title == "Registros"
    assert [c.value for c in sheet[1]][:3] == ["ID", "Nombre", "Correo electrónico"]
    assert sheet[2][1].value == "Raúl Benítez Manaut"


def test_refused_event_form_and_flash_in_spanish(client, make_user):
    sign_in(client, make_user)
    refused = client.post("/manage/events/new?lang=es", data=event_form(
        title="", ends_at="2030-11-21T15:00"))
    page = refused.get_data(as_text=True)
    assert "Este campo es obligatorio." in page  # WTForms' own message, translated
    assert "El evento debe terminar después de empezar." in page
    created = client.post("/manage/events/new?lang=es", data=event_form(
        title_es="3.ª Mesa Redonda Anual"), follow_redirects=True)
    assert "El evento se creó como borrador." in created.get_data(as_text=True)


def test_check_in_script_takes_its_button_words_from_the_page(client, make_user, make_event):
    user_id = sign_in(client, make_user)
    event_id = make_event(organizer_ids=[user_id])
    page = client.get(f"/manage/events/{event_id}/checkin?lang=es").get_data(as_text=True)
    assert 'data-label-undo="Deshacer" data-label-check-in="Registrar llegada"' in page
