//! The embedded SQLite file: connections opened in WAL mode with a full sync on every commit, and the schema's
//! migrations, applied when the writer opens the file.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

/// Schema changes in order; entry `n` takes the database from version `n` to `n + 1`.
/// Never edit an entry that has shipped: append a new one.
const MIGRATIONS: &[&str] = &[
    // 1: filings, their history and the idempotency keys that filed them. A filing's row holds it as it stands
    // now; each history row keeps the whole filing after that event, so no earlier value is ever lost.
    // Nothing is deleted: cancelling is a state, and triggers refuse a DELETE even from a mistaken query.
    "CREATE TABLE filings (
        number TEXT PRIMARY KEY,
        request TEXT NOT NULL,
        valid_until TEXT,
        settles_directly INTEGER NOT NULL,
        locked_until TEXT,
        created_at TEXT NOT NULL,
        cancelled_at TEXT,
        version INTEGER NOT NULL
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE filing_history (
        id INTEGER PRIMARY KEY,
        number TEXT NOT NULL REFERENCES filings (number),
        at TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('filed', 'changed', 'cancelled')),
        fields TEXT NOT NULL,
        request TEXT NOT NULL
    ) STRICT;
    CREATE INDEX filing_history_by_number ON filing_history (number, id);
    CREATE TABLE idempotency_keys (
        key TEXT PRIMARY KEY,
        fingerprint BLOB NOT NULL,
        number TEXT NOT NULL REFERENCES filings (number),
        created_at TEXT NOT NULL
    ) STRICT, WITHOUT ROWID;
    CREATE TRIGGER filings_are_kept BEFORE DELETE ON filings
        BEGIN SELECT RAISE(ABORT, 'filings are never deleted: cancel instead'); END;
    CREATE TRIGGER filing_history_is_kept BEFORE DELETE ON filing_history
        BEGIN SELECT RAISE(ABORT, 'filing history is never deleted'); END;
    CREATE TRIGGER idempotency_keys_are_kept BEFORE DELETE ON idempotency_keys
        BEGIN SELECT RAISE(ABORT, 'idempotency keys are never deleted'); END;",
    // 2: 选点, the institutions a filing names, one row per choice (the latest is the current one, the earlier
    // ones its history); and the key that signs code-card tokens, so a restart keeps verifying them.
    "CREATE TABLE filing_points (
        id INTEGER PRIMARY KEY,
        number TEXT NOT NULL REFERENCES filings (number),
        at TEXT NOT NULL,
        service TEXT NOT NULL,
        institutions TEXT NOT NULL
    ) STRICT;
    CREATE INDEX filing_points_by_number ON filing_points (number, id);
    CREATE TRIGGER filing_points_are_kept BEFORE DELETE ON filing_points
        BEGIN SELECT RAISE(ABORT, 'point choices are never deleted'); END;
    CREATE TABLE card_keys (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        key BLOB NOT NULL CHECK (length(key) >= 32),
        created_at TEXT NOT NULL
    ) STRICT;",
    // 3: a person's filings found by the resident ID inside the stored request, for the rule of one filing in
    // effect per person and kind. An expression index: no new column to keep in step with the JSON. A query
    // uses it only when it spells the very same expression (`store::sqlite::SAME_PERSON`).
    "CREATE INDEX filings_by_resident_id ON filings (json_extract(request, '$.person.resident_id'));",
    // 4: a filing found by its number and its person's ID number together (`store::sqlite::OWNED`), so that a
    // wrong number and a wrong ID number both end in this index without reading a row: the two misses take the
    // same time.
    "CREATE INDEX filings_by_number_and_owner
        ON filings (number, json_extract(request, '$.person.resident_id'));",
];

/// Opens the file for writing (creating it and its folder if needed, both for this user only) and brings its
/// schema up to date.
pub fn open_writer(path: &Path) -> Result<Connection, String> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        private::create_folder(parent)
            .map_err(|err| format!("cannot create {}: {err}", parent.display()))?;
    }
    private::create_or_tighten(path)?;
    let mut conn = Connection::open(path)
        .map_err(|err| format!("cannot open database {}: {err}", path.display()))?;
    configure(&conn).map_err(|err| format!("cannot configure database: {err}"))?;
    migrate(&mut conn, MIGRATIONS).map_err(|err| format!("cannot migrate database: {err}"))?;
    Ok(conn)
}

/// The file holds names, full ID numbers, phones and the card signing key: it, its `-wal` and `-shm` files and a
/// folder made for it are for the server's user only.
#[cfg(unix)]
mod private {
    use std::ffi::OsString;
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
    use std::path::{Path, PathBuf};

    /// Makes `folder` and any missing parent, each 0700; folders already there are left as they are.
    pub fn create_folder(folder: &Path) -> std::io::Result<()> {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(folder)
    }

    /// Creates the database file 0600 before SQLite opens it (SQLite gives the `-wal` and `-shm` files the mode
    /// of the database file), or makes an existing file and its `-wal` and `-shm` 0600 if others could read them.
    pub fn create_or_tighten(path: &Path) -> Result<(), String> {
        let created = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path);
        match created {
            Ok(_) => return Ok(()),
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(err) => return Err(format!("cannot create {}: {err}", path.display())),
        }
        for file in [
            path.to_owned(),
            with_suffix(path, "-wal"),
            with_suffix(path, "-shm"),
        ] {
            let Ok(metadata) = std::fs::metadata(&file) else {
                continue;
            };
            let mode = metadata.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))
                    .map_err(|err| format!("cannot make {} private: {err}", file.display()))?;
                tracing::warn!(
                    file = %file.display(),
                    "the database file could be read by other users (mode {mode:o}); made it 0600"
                );
            }
        }
        Ok(())
    }

    fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
        let mut name = OsString::from(path.as_os_str());
        name.push(suffix);
        PathBuf::from(name)
    }
}

#[cfg(not(unix))]
mod private {
    use std::path::Path;

    pub fn create_folder(folder: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(folder)
    }

    pub fn create_or_tighten(_path: &Path) -> Result<(), String> {
        Ok(())
    }
}

/// Opens a read-only connection to a file the writer has opened (and so migrated) already.
pub fn open_reader(path: &Path) -> Result<Connection, String> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags)
        .map_err(|err| format!("cannot open database {}: {err}", path.display()))?;
    conn.busy_timeout(Duration::from_secs(5))
        .map_err(|err| format!("cannot configure database: {err}"))?;
    Ok(conn)
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    // WAL lets lookups run beside writes; synchronous=FULL fsyncs the WAL at every commit, so an
    // answered write survives a crash of the process or the machine.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(Duration::from_secs(5))?;
    Ok(())
}

/// The key that signs code-card tokens: the one kept in the file, or `fresh`, kept now, if there is none yet.
pub fn keep_card_key(conn: &Connection, fresh: &[u8], at: &str) -> rusqlite::Result<Vec<u8>> {
    conn.execute(
        "INSERT INTO card_keys (id, key, created_at) VALUES (1, ?1, ?2) ON CONFLICT (id) DO NOTHING",
        rusqlite::params![fresh, at],
    )?;
    conn.query_row("SELECT key FROM card_keys WHERE id = 1", [], |row| {
        row.get(0)
    })
}

/// The schema version the database is at (SQLite's `user_version`).
pub fn schema_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |row| row.get(0))
}

/// Applies each migration past the current version in its own transaction.
fn migrate(conn: &mut Connection, migrations: &[&str]) -> rusqlite::Result<()> {
    let current = usize::try_from(schema_version(conn)?).unwrap_or(0);
    for (index, sql) in migrations.iter().enumerate().skip(current) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_once_and_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/test.sqlite3");
        let mut conn = open_writer(&path).unwrap();
        let shipped = i64::try_from(MIGRATIONS.len()).unwrap();
        assert_eq!(schema_version(&conn).unwrap(), shipped);
        conn.pragma_update(None, "user_version", 0).unwrap();
        let steps = [
            "CREATE TABLE a (x INTEGER)",
            "ALTER TABLE a ADD COLUMN y INTEGER",
        ];
        migrate(&mut conn, &steps).unwrap();
        assert_eq!(schema_version(&conn).unwrap(), 2);
        // Running again must not re-apply (the ALTER would fail on a duplicate column).
        migrate(&mut conn, &steps).unwrap();
        assert_eq!(schema_version(&conn).unwrap(), 2);
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |row| row.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let sync: i64 = conn
            .query_row("PRAGMA synchronous", [], |row| row.get(0))
            .unwrap();
        assert_eq!(sync, 2, "synchronous must be FULL");
    }

    #[cfg(unix)]
    fn mode(path: &Path) -> String {
        use std::os::unix::fs::PermissionsExt;
        format!(
            "{:o}",
            std::fs::metadata(path).unwrap().permissions().mode() & 0o777
        )
    }

    #[cfg(unix)]
    fn beside(path: &Path, suffix: &str) -> std::path::PathBuf {
        std::path::PathBuf::from(format!("{}{suffix}", path.display()))
    }

    #[cfg(unix)]
    #[test]
    fn the_file_its_wal_and_shm_and_a_folder_made_for_them_are_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("var/nested/test.sqlite3");
        let conn = open_writer(&path).unwrap();
        conn.execute_batch(
            "INSERT INTO filings VALUES ('YD000000000000', '{}', NULL, 1, NULL, 'now', NULL, 1)",
        )
        .unwrap();
        let reader = open_reader(&path).unwrap();
        let count: i64 = reader
            .query_row("SELECT count(*) FROM filings", [], |row| row.get(0))
            .unwrap();
        assert_eq!(count, 1);
        for file in [path.clone(), beside(&path, "-wal"), beside(&path, "-shm")] {
            assert_eq!(mode(&file), "600", "{}", file.display());
        }
        assert_eq!(mode(&dir.path().join("var")), "700");
        assert_eq!(mode(&dir.path().join("var/nested")), "700");
    }

    #[cfg(unix)]
    #[test]
    fn a_file_others_could_read_is_made_private_at_open() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("test.sqlite3");
        let conn = open_writer(&path).unwrap();
        conn.execute_batch(
            "INSERT INTO filings VALUES ('YD000000000000', '{}', NULL, 1, NULL, 'now', NULL, 1)",
        )
        .unwrap();
        // As a server before this change left them: the file, its WAL and its shared memory open to all.
        let files = [path.clone(), beside(&path, "-wal"), beside(&path, "-shm")];
        for file in &files {
            std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
        let conn = open_writer(&path).unwrap();
        for file in &files {
            assert_eq!(mode(file), "600", "{}", file.display());
        }
        let count: i64 = conn
            .query_row("SELECT count(*) FROM filings", [], |row| row.get(0))
            .unwrap();
        assert_eq!(count, 1);
    }

    #[test]
    fn reopening_keeps_the_schema_and_refuses_deletes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("test.sqlite3");
        drop(open_writer(&path).unwrap());
        let conn = open_writer(&path).unwrap();
        conn.execute_batch(
            "INSERT INTO filings VALUES ('YD000000000000', '{}', NULL, 1, NULL, 'now', NULL, 1)",
        )
        .unwrap();
        let err = conn
            .execute("DELETE FROM filings", [])
            .unwrap_err()
            .to_string();
        assert!(err.contains("never deleted"), "{err}");
        conn.execute_batch(
            "INSERT INTO filing_points (number, at, service, institutions)
             VALUES ('YD000000000000', 'now', '\"inpatient\"', '[]')",
        )
        .unwrap();
        let err = conn
            .execute("DELETE FROM filing_points", [])
            .unwrap_err()
            .to_string();
        assert!(err.contains("never deleted"), "{err}");
        let reader = open_reader(&path).unwrap();
        let count: i64 = reader
            .query_row("SELECT count(*) FROM filings", [], |row| row.get(0))
            .unwrap();
        assert_eq!(count, 1);
    }
}
