"""Public organization pages."""

from flask import abort, render_template

from roundtable.orgs import bp, services


@bp.route("/organizations/<slug>")
def organization_page(slug: str):
    """Show an organization and its public events."""
    org = services.get_organization_by_slug(slug)
    if org is None:
        abort(404)
    return render_template("orgs/organization.html", org=org, events=services.public_events_of(org))
