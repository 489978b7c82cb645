"""Numbered SQL migrations, applied in order by storage.db.Database.migrate()."""
