"""An event's agenda, and the people who speak at events."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from roundtable.agenda import bp, services
from roundtable.agenda.forms import AgendaItemForm, PersonForm, RoleForm
from roundtable.agenda.models import KIND_DEFAULT_ROLES, ROLE_LABELS, default_role
from roundtable.events import times
from roundtable.events.access import get_managed_event_or_404
from roundtable.extensions import db
from roundtable.i18n import word_list
from roundtable.ownership.access import managed_or_404
from roundtable.redirects import safe_next, with_params
from roundtable.validation import save


def _flag_overlaps(event, item) -> None:
    clashes = services.overlaps(event).get(item.id)
    if clashes:
        flash(_("Note: “%(title)s” overlaps %(items)s.", title=item.title,
                items=word_list(clashes, quote=True)), "warning")


@bp.route("/manage/events/<int:event_id>/agenda")
@login_required
def manage_agenda(event_id: int):
    """List the event's agenda items with their people, flagging overlaps."""
    event = get_managed_event_or_404(event_id)
    return render_template(
        "agenda/manage.html", event=event, overlaps=services.overlaps(event)
    )


@bp.route("/manage/events/<int:event_id>/agenda/new", methods=["GET", "POST"])
@login_required
def new_item(event_id: int):
    """Add an agenda item."""
    event = get_managed_event_or_404(event_id)
    start, end = services.default_slot(event)
    kind = request.args.get("kind") or services.next_kind(event)
    form = AgendaItemForm(timezone=event.timezone, data={
        "starts_at": start, "ends_at": end, "kind": kind,
        "in_person_only": services.in_person_only_by_default(kind)})
    if form.validate_on_submit():
        saved = save(lambda: services.add_item(event, form.item_data()), form)
        if saved:
            item = saved.value
            flash(_("“%(title)s” added. Now add its people.", title=item.title), "success")
            _flag_overlaps(event, item)
            return redirect(url_for("agenda.edit_item", event_id=event.id, item_id=item.id))
    return render_template("agenda/item_form.html", event=event, form=form, item=None)


def _item_or_404(event, item_id: int):
    item = services.find_item(event, item_id)
    if item is None:
        abort(404)
    return item


def _item_values(event, item) -> dict:
    values = {name: getattr(item, name) for name in
              ("kind", "title", "description", "location", "in_person_only",
               "title_es", "description_es", "location_es")}
    values["starts_at"] = times.to_local(item.starts_at, event.timezone)
    values["ends_at"] = times.to_local(item.ends_at, event.timezone)
    return values


@bp.route("/manage/events/<int:event_id>/agenda/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def edit_item(event_id: int, item_id: int):
    """Edit an agenda item and its people in one form, so nothing typed is lost."""
    event = get_managed_event_or_404(event_id)
    item = _item_or_404(event, item_id)
    form = AgendaItemForm(timezone=event.timezone, data=_item_values(event, item))
    role_form = RoleForm(people=services.list_people())
    if not role_form.is_submitted():
        if request.args.get("person_id", "").isdigit():
            role_form.person_id.data = int(request.args["person_id"])
        # The role the item's kind implies (a keynote's speaker is its keynote speaker),
        # or the one chosen before "New person…".
        role = request.args.get("role")
        role_form.role.data = role if role in ROLE_LABELS else default_role(item.kind)
    if form.is_submitted():
        action = request.form.get("action", "save")
        valid = form.validate()
        if action == "add_person":
            valid = role_form.validate() and valid
        if valid:
            def change():
                services.update_item(item, form.item_data())
                return _apply_item_action(event, item, role_form, action)

            saved = save(change, form, role_form)
            if saved:
                return redirect(saved.value)
    return render_template(
        "agenda/item_form.html", event=event, form=form, item=item, role_form=role_form,
        default_roles=KIND_DEFAULT_ROLES,
    )


def _apply_item_action(event, item, role_form, action: str) -> str:
    """Carry out the button the organizer pressed, after saving the item; return where next."""
    here = url_for("agenda.edit_item", event_id=event.id, item_id=item.id)
    if action == "add_person":
        role = services.add_role(item, role_form.person_id.data, role_form.role.data)
        flash(_("%(name)s added as %(role)s.", name=role.person.display_name,
                role=role.role_label.lower()), "success")
        return here
    if action == "new_person":
        flash(_("“%(title)s” saved. Add the new person; you will come back here.",
                title=item.title), "success")
        return url_for("agenda.new_person", next=with_params(here, role=role_form.role.data))
    verb, _sep, role_id = action.partition("-")
    if verb in ("remove", "up", "down") and role_id.isdigit():
        role = _role_or_404(item, int(role_id))
        if verb == "remove":
            name = role.person.display_name
            services.remove_role(item, role)
            flash(_("%(name)s removed from “%(title)s”.", name=name, title=item.title), "success")
        else:
            services.move_role(item, role, -1 if verb == "up" else 1)
        return here
    flash(_("“%(title)s” saved.", title=item.title), "success")
    _flag_overlaps(event, item)
    return url_for("agenda.manage_agenda", event_id=event.id)


@bp.route("/manage/events/<int:event_id>/agenda/<int:item_id>/delete", methods=["POST"])
@login_required
def delete_item(event_id: int, item_id: int):
    """Remove an agenda item."""
    event = get_managed_event_or_404(event_id)
    item = _item_or_404(event, item_id)
    title = item.title
    services.delete_item(event, item)
    db.session.commit()
    flash(_("“%(title)s” removed from the agenda.", title=title), "success")
    return redirect(url_for("agenda.manage_agenda", event_id=event.id))


@bp.route("/manage/events/<int:event_id>/agenda/<int:item_id>/move", methods=["POST"])
@login_required
def move_item(event_id: int, item_id: int):
    """Swap an item with the one before or after it."""
    event = get_managed_event_or_404(event_id)
    item = _item_or_404(event, item_id)
    services.move_item(event, item, -1 if request.form.get("direction") == "up" else 1)
    db.session.commit()
    return redirect(url_for("agenda.manage_agenda", event_id=event.id))


@bp.route("/manage/events/<int:event_id>/agenda/<int:item_id>/roles", methods=["POST"])
@login_required
def add_role(event_id: int, item_id: int):
    """Give a person a role in an agenda item."""
    event = get_managed_event_or_404(event_id)
    item = _item_or_404(event, item_id)
    role_form = RoleForm(people=services.list_people())
    if role_form.validate_on_submit():
        saved = save(lambda: services.add_role(item, role_form.person_id.data,
                                               role_form.role.data), role_form)
        if saved:
            role = saved.value
            flash(_("%(name)s added as %(role)s.", name=role.person.display_name,
                role=role.role_label.lower()), "success")
            return redirect(url_for("agenda.edit_item", event_id=event.id, item_id=item.id))
    form = AgendaItemForm(timezone=event.timezone, formdata=None, data=_item_values(event, item))
    return render_template(
        "agenda/item_form.html", event=event, form=form, item=item, role_form=role_form,
        default_roles=KIND_DEFAULT_ROLES,
    ), 200


def _role_or_404(item, role_id: int):
    role = services.find_role(item, role_id)
    if role is None:
        abort(404)
    return role


@bp.route(
    "/manage/events/<int:event_id>/agenda/<int:item_id>/roles/<int:role_id>/remove",
    methods=["POST"],
)
@login_required
def remove_role(event_id: int, item_id: int, role_id: int):
    """Take a person off an agenda item."""
    event = get_managed_event_or_404(event_id)
    item = _item_or_404(event, item_id)
    role = _role_or_404(item, role_id)
    name = role.person.display_name
    services.remove_role(item, role)
    db.session.commit()
    flash(_("%(name)s removed from “%(title)s”.", name=name, title=item.title), "success")
    return redirect(url_for("agenda.edit_item", event_id=event.id, item_id=item.id))


@bp.route(
    "/manage/events/<int:event_id>/agenda/<int:item_id>/roles/<int:role_id>/move",
    methods=["POST"],
)
@login_required
def move_role(event_id: int, item_id: int, role_id: int):
    """Move a person up or down among an item's people."""
    event = get_managed_event_or_404(event_id)
    item = _item_or_404(event, item_id)
    role = _role_or_404(item, role_id)
    services.move_role(item, role, -1 if request.form.get("direction") == "up" else 1)
    db.session.commit()
    return redirect(url_for("agenda.edit_item", event_id=event.id, item_id=item.id))


@bp.route("/manage/people")
@login_required
def manage_people():
    """List speakers, panelists and moderators."""
    people = services.list_people()
    appears = {p.id: services.events_shown_to(p, current_user) for p in people}
    return render_template("agenda/people.html", people=people, appears=appears)


@bp.route("/manage/people/new", methods=["GET", "POST"])
@login_required
def new_person():
    """Create a person, offering an existing one with the same name first."""
    form = PersonForm()
    back = safe_next(url_for("agenda.manage_people"))
    matches = []
    if form.validate_on_submit():
        if not request.form.get("create_anyway"):
            matches = services.similar_people(form.name.data)
        saved = not matches and save(
            lambda: services.save_person(form.person_data(), creator=current_user), form)
        if saved:
            person = saved.value
            flash(_("%(name)s added.", name=person.display_name), "success")
            listing = back == url_for("agenda.manage_people")
            return redirect(back if listing else _chosen(back, person))
    return render_template("agenda/person_form.html", form=form, person=None, back=back,
                           matches=matches, use_url=lambda p: _chosen(back, p))


def _chosen(back: str, person) -> str:
    """The task that asked for a person, with this one selected; else the person's page."""
    if back != url_for("agenda.manage_people"):  # a task asked
        return with_params(back, person_id=person.id)
    if not person.is_managed_by(current_user):  # others' records: the list
        return url_for("agenda.manage_people")
    return url_for("agenda.edit_person", person_id=person.id)


@bp.route("/manage/people/<int:person_id>/edit", methods=["GET", "POST"])
@login_required
def edit_person(person_id: int):
    """Edit a person."""
    person = managed_or_404(services.get_person(person_id))
    form = PersonForm(obj=person)
    if form.validate_on_submit() and save(
            lambda: services.save_person(form.person_data(), person), form):
        flash(_("%(name)s saved.", name=person.display_name), "success")
        return redirect(url_for("agenda.manage_people"))
    back = url_for("agenda.manage_people")
    return render_template("agenda/person_form.html", form=form, person=person, back=back)
