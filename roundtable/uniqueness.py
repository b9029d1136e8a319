"""Unique slugs across a table."""

from sqlalchemy import select

from roundtable.extensions import db
from roundtable.slugs import slugify


def slug_taken(model, slug: str, exclude_id: int | None = None) -> bool:
    """Return whether another row of ``model`` already uses ``slug``."""
    query = select(model.id).where(model.slug == slug)
    if exclude_id is not None:
        query = query.where(model.id != exclude_id)
    return db.session.scalar(query.limit(1)) is not None


def unique_slug(model, text: str, max_length: int = 120, fallback: str = "item") -> str:
    """Derive a free slug from ``text``, adding -2, -3... when it is taken."""
    base = slugify(text, max_length=max_length - 4) or fallback
    slug, n = base, 2
    while slug_taken(model, slug):
        slug, n = f"{base}-{n}", n + 1
    return slug
