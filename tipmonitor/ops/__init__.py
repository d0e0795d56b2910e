"""Operations: backups that restore (docs/operations.md).

- crypto.py: the encryption of backup files (AES-256-GCM in chunks, key from a passphrase);
- database.py: what differs between PostgreSQL and SQLite: dump, restore, counting rows;
- manifest.py: what a backup says about itself, and its checks;
- media.py: the uploaded files (MEDIA_ROOT) as a tar archive, and their safe extraction;
- backup.py, restore.py: the two commands' work (`tipmonitor backup`, `tipmonitor restore`).

Generic over every table: no domain app is imported here.
"""
