//! The embedded SQLite database: opened in WAL mode with a full sync on every commit, migrated on open.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::Connection;

/// Schema changes in order; entry `n` takes the database from version `n` to `n + 1`.
/// Never edit an entry that has shipped: append a new one.
const MIGRATIONS: &[&str] = &[];

/// A handle to the database, shared by request handlers (which call it from blocking tasks).
#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
}

impl Db {
    /// Opens the file (creating it and its folder if needed) and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Db, String> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|err| format!("cannot create {}: {err}", parent.display()))?;
        }
        let mut conn = Connection::open(path)
            .map_err(|err| format!("cannot open database {}: {err}", path.display()))?;
        configure(&conn).map_err(|err| format!("cannot configure database: {err}"))?;
        migrate(&mut conn, MIGRATIONS).map_err(|err| format!("cannot migrate database: {err}"))?;
        Ok(Db {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// The schema version the database is at (SQLite's `user_version`).
    pub fn schema_version(&self) -> rusqlite::Result<i64> {
        let conn = self.conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        schema_version(&conn)
    }
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    // WAL lets lookups run beside writes; synchronous=FULL fsyncs the WAL at every commit, so an
    // answered write survives a crash of the process or the machine.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}

fn schema_version(conn: &Connection) -> rusqlite::Result<i64> {
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
        let db = Db::open(&path).unwrap();
        let mut conn = db.conn.lock().unwrap();
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
    }
}
