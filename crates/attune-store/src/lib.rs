//! attune-store: the server's SQLite database — users with roles, API tokens (stored as SHA-256 hashes, shown
//! once), stored analyses, and the one rule of who may see what: a therapist their own sessions, a supervisor
//! those of their trainees (and their own), an admin everything. Anything else is "not found", never
//! "forbidden", so that a session's existence is not revealed.
//!
//! The database runs in WAL mode with foreign keys on; the schema is migrated by `PRAGMA user_version`, each
//! migration and every write in a transaction, so a crash leaves either the whole write or none of it.

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("{0}")]
    Invalid(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Therapist,
    Supervisor,
    Admin,
}

impl Role {
    pub fn parse(s: &str) -> Option<Role> {
        match s.trim().to_ascii_lowercase().as_str() {
            "therapist" | "trainee" => Some(Role::Therapist),
            "supervisor" => Some(Role::Supervisor),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Therapist => "therapist",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub supervisor: Option<i64>,
}

/// A stored session: the analysis document and the report, with the headline figures for lists and trends.
#[derive(Debug, Clone, Serialize)]
pub struct StoredSession {
    pub id: i64,
    pub owner: i64,
    pub owner_name: String,
    pub title: String,
    pub created: String,
    pub turns: i64,
    pub index: f64,
    pub flags: i64,
    /// `{"kind": count}` of the session's flags.
    pub flag_kinds: serde_json::Value,
    pub subscores: serde_json::Value,
}

/// What a new session carries.
pub struct NewSession<'a> {
    pub title: &'a str,
    pub turns: i64,
    pub index: f64,
    pub flags: i64,
    pub flag_kinds: serde_json::Value,
    pub subscores: serde_json::Value,
    pub analysis_json: &'a str,
    pub report_html: &'a str,
}

const MIGRATIONS: &[&str] = &[
    // 1: users, tokens, sessions
    "CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('therapist', 'supervisor', 'admin')),
        supervisor INTEGER REFERENCES users(id) ON DELETE SET NULL,
        password_hash TEXT,
        created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
    );
    CREATE TABLE tokens (
        hash TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
    );
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        owner INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        turns INTEGER NOT NULL,
        idx REAL NOT NULL,
        flags INTEGER NOT NULL,
        flag_kinds TEXT NOT NULL,
        subscores TEXT NOT NULL,
        analysis TEXT NOT NULL,
        report TEXT NOT NULL
    );
    CREATE INDEX sessions_owner ON sessions(owner, created);",
    // 2: browser logins (a random id kept as a hash in a cookie) with their CSRF token
    "CREATE TABLE web_sessions (
        hash TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        csrf TEXT NOT NULL,
        expires INTEGER NOT NULL
    );
    CREATE TABLE practice (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        vignette INTEGER NOT NULL,
        answer TEXT NOT NULL,
        score REAL NOT NULL,
        result TEXT NOT NULL,
        created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
    );",
];

pub struct Store {
    conn: Connection,
}

fn token_hash(token: &str) -> String {
    let d = Sha256::digest(token.as_bytes());
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// 32 random bytes from the operating system, as hex.
pub fn random_hex() -> String {
    use rand::RngCore;
    let mut b = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

impl Store {
    /// Opens (creating and migrating) the database at `path`.
    pub fn open(path: &Path) -> Result<Store> {
        Self::init(Connection::open(path)?)
    }

    /// A private in-memory database (tests, `serve --demo` uses a temporary file instead).
    pub fn in_memory() -> Result<Store> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(mut conn: Connection) -> Result<Store> {
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version as usize > MIGRATIONS.len() {
            return Err(StoreError::Invalid(format!(
                "the database is at schema version {version}, newer than this attune knows ({}); use a newer attune",
                MIGRATIONS.len()
            )));
        }
        for (k, m) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute_batch(m)?;
            tx.pragma_update(None, "user_version", (k + 1) as i64)?;
            tx.commit()?;
        }
        Ok(Store { conn })
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Adds a user. A supervisor, when given, must exist and be a supervisor or an admin.
    pub fn add_user(&mut self, name: &str, role: Role, supervisor: Option<&str>) -> Result<User> {
        let name = name.trim();
        if name.is_empty() || name.len() > 100 {
            return Err(StoreError::Invalid("a user name must have 1 to 100 characters".into()));
        }
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let sup = match supervisor {
            Some(s) => {
                let row: Option<(i64, String)> =
                    tx.query_row("SELECT id, role FROM users WHERE name = ?1", [s], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
                match row {
                    Some((id, role)) if role == "supervisor" || role == "admin" => Some(id),
                    Some(_) => return Err(StoreError::Invalid(format!("`{s}` is not a supervisor"))),
                    None => return Err(StoreError::Invalid(format!("no user `{s}` (add the supervisor first)"))),
                }
            }
            None => None,
        };
        let exists: bool = tx.query_row("SELECT EXISTS(SELECT 1 FROM users WHERE name = ?1)", [name], |r| r.get(0))?;
        if exists {
            return Err(StoreError::Invalid(format!("a user `{name}` exists already")));
        }
        tx.execute("INSERT INTO users (name, role, supervisor) VALUES (?1, ?2, ?3)", params![name, role.as_str(), sup])?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        Ok(User { id, name: name.to_string(), role, supervisor: sup })
    }

    pub fn user_by_name(&self, name: &str) -> Result<Option<User>> {
        self.user_where("name = ?1", name)
    }

    pub fn user(&self, id: i64) -> Result<Option<User>> {
        self.user_where("id = ?1", id)
    }

    fn user_where(&self, cond: &str, v: impl rusqlite::ToSql) -> Result<Option<User>> {
        let sql = format!("SELECT id, name, role, supervisor FROM users WHERE {cond}");
        Ok(self
            .conn
            .query_row(&sql, [v], |r| {
                let role: String = r.get(2)?;
                Ok(User { id: r.get(0)?, name: r.get(1)?, role: Role::parse(&role).unwrap_or(Role::Therapist), supervisor: r.get(3)? })
            })
            .optional()?)
    }

    /// Sets a user's password (argon2id, random salt).
    pub fn set_password(&mut self, user: i64, password: &str) -> Result<()> {
        use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
        if password.chars().count() < 8 {
            return Err(StoreError::Invalid("a password needs at least 8 characters".into()));
        }
        let salt = SaltString::generate(&mut OsRng);
        let hash = argon2::Argon2::default().hash_password(password.as_bytes(), &salt).map_err(|e| StoreError::Invalid(e.to_string()))?.to_string();
        let tx = self.conn.transaction()?;
        tx.execute("UPDATE users SET password_hash = ?1 WHERE id = ?2", params![hash, user])?;
        tx.commit()?;
        Ok(())
    }

    /// The user whose name and password these are (the same answer, slowly, for a wrong name or password).
    pub fn check_password(&self, name: &str, password: &str) -> Result<Option<User>> {
        use argon2::password_hash::{PasswordHash, PasswordVerifier};
        let row: Option<(i64, Option<String>)> =
            self.conn.query_row("SELECT id, password_hash FROM users WHERE name = ?1", [name.trim()], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
        // A fixed hash for unknown users, so that timing does not tell which names exist.
        const DUMMY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$1Vn3lJdxq5MFmNBdZ8UrS3sj7bBSBtQUDbyRMm5eXWE";
        let (id, hash) = match row {
            Some((id, Some(h))) => (Some(id), h),
            _ => (None, DUMMY.to_string()),
        };
        let ok = PasswordHash::new(&hash).is_ok_and(|h| argon2::Argon2::default().verify_password(password.as_bytes(), &h).is_ok());
        match (ok, id) {
            (true, Some(id)) => self.user(id),
            _ => Ok(None),
        }
    }

    /// A browser login for `user` lasting `seconds`: (cookie value, CSRF token). Only the cookie's hash is stored.
    pub fn new_web_session(&mut self, user: i64, seconds: i64) -> Result<(String, String)> {
        let (cookie, csrf) = (random_hex(), random_hex());
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM web_sessions WHERE expires < strftime('%s', 'now')", [])?;
        tx.execute(
            "INSERT INTO web_sessions (hash, user_id, csrf, expires) VALUES (?1, ?2, ?3, strftime('%s', 'now') + ?4)",
            params![token_hash(&cookie), user, csrf, seconds],
        )?;
        tx.commit()?;
        Ok((cookie, csrf))
    }

    /// The user and CSRF token of a live browser login.
    pub fn web_session(&self, cookie: &str) -> Result<Option<(User, String)>> {
        let row: Option<(i64, String)> = self
            .conn
            .query_row(
                "SELECT user_id, csrf FROM web_sessions WHERE hash = ?1 AND expires >= strftime('%s', 'now')",
                [token_hash(cookie)],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match row {
            Some((id, csrf)) => Ok(self.user(id)?.map(|u| (u, csrf))),
            None => Ok(None),
        }
    }

    pub fn end_web_session(&mut self, cookie: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM web_sessions WHERE hash = ?1", [token_hash(cookie)])?;
        tx.commit()?;
        Ok(())
    }

    /// The users `viewer` may see the sessions of (themselves, their trainees; an admin everyone).
    pub fn visible_users(&self, viewer: &User) -> Result<Vec<User>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, name, role, supervisor FROM users WHERE ?1 = 'admin' OR id = ?2 OR supervisor = ?2 ORDER BY name",
        )?;
        let rows = st.query_map(params![viewer.role.as_str(), viewer.id], |r| {
            let role: String = r.get(2)?;
            Ok(User { id: r.get(0)?, name: r.get(1)?, role: Role::parse(&role).unwrap_or(Role::Therapist), supervisor: r.get(3)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Sets when a session was held (the demo clinic's sessions span weeks).
    pub fn set_created(&mut self, session: i64, created: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute("UPDATE sessions SET created = ?1 WHERE id = ?2", params![created, session])?;
        tx.commit()?;
        Ok(())
    }

    /// Keeps a practice attempt (the answer and the check result as JSON).
    pub fn add_practice(&mut self, user: i64, vignette: i64, answer: &str, score: f64, result: &str) -> Result<i64> {
        let tx = self.conn.transaction()?;
        tx.execute("INSERT INTO practice (user_id, vignette, answer, score, result) VALUES (?1, ?2, ?3, ?4, ?5)", params![user, vignette, answer, score, result])?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        Ok(id)
    }

    /// A user's practice attempts, newest first: (vignette, answer, score, created).
    pub fn practice(&self, user: i64) -> Result<Vec<(i64, String, f64, String)>> {
        let mut st = self.conn.prepare_cached("SELECT vignette, answer, score, created FROM practice WHERE user_id = ?1 ORDER BY id DESC")?;
        let rows = st.query_map([user], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// A new API token for the user: 32 random bytes, hex; only its hash is stored, so it is shown once.
    pub fn new_token(&mut self, user: i64) -> Result<String> {
        let token: String = format!("att_{}", random_hex());
        let tx = self.conn.transaction()?;
        tx.execute("INSERT INTO tokens (hash, user_id) VALUES (?1, ?2)", params![token_hash(&token), user])?;
        tx.commit()?;
        Ok(token)
    }

    /// The user a token belongs to.
    pub fn user_for_token(&self, token: &str) -> Result<Option<User>> {
        let id: Option<i64> =
            self.conn.query_row("SELECT user_id FROM tokens WHERE hash = ?1", [token_hash(token)], |r| r.get(0)).optional()?;
        match id {
            Some(id) => self.user(id),
            None => Ok(None),
        }
    }

    /// Whether `viewer` may see what `owner` owns.
    pub fn may_see(&self, viewer: &User, owner: i64) -> Result<bool> {
        if viewer.role == Role::Admin || viewer.id == owner {
            return Ok(true);
        }
        if viewer.role == Role::Supervisor {
            let sup: Option<i64> = self.conn.query_row("SELECT supervisor FROM users WHERE id = ?1", [owner], |r| r.get(0)).optional()?.flatten();
            return Ok(sup == Some(viewer.id));
        }
        Ok(false)
    }

    /// Stores an analysed session for `owner` (one transaction).
    pub fn insert_session(&mut self, owner: i64, s: &NewSession<'_>) -> Result<i64> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO sessions (owner, title, turns, idx, flags, flag_kinds, subscores, analysis, report)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![owner, s.title, s.turns, s.index, s.flags, s.flag_kinds.to_string(), s.subscores.to_string(), s.analysis_json, s.report_html],
        )?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        Ok(id)
    }

    const SESSION_COLS: &'static str =
        "s.id, s.owner, u.name, s.title, s.created, s.turns, s.idx, s.flags, s.flag_kinds, s.subscores";

    fn row_session(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredSession> {
        let fk: String = r.get(8)?;
        let sub: String = r.get(9)?;
        Ok(StoredSession {
            id: r.get(0)?,
            owner: r.get(1)?,
            owner_name: r.get(2)?,
            title: r.get(3)?,
            created: r.get(4)?,
            turns: r.get(5)?,
            index: r.get(6)?,
            flags: r.get(7)?,
            flag_kinds: serde_json::from_str(&fk).unwrap_or(serde_json::Value::Null),
            subscores: serde_json::from_str(&sub).unwrap_or(serde_json::Value::Null),
        })
    }

    /// The sessions `viewer` may see, newest first; `owner` narrows to one therapist's.
    pub fn list_sessions(&self, viewer: &User, owner: Option<i64>) -> Result<Vec<StoredSession>> {
        let sql = format!(
            "SELECT {} FROM sessions s JOIN users u ON u.id = s.owner
             WHERE (?1 = 'admin' OR s.owner = ?2 OR (?1 = 'supervisor' AND u.supervisor = ?2))
               AND (?3 IS NULL OR s.owner = ?3)
             ORDER BY s.created DESC, s.id DESC",
            Self::SESSION_COLS
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map(params![viewer.role.as_str(), viewer.id, owner], Self::row_session)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// One session if `viewer` may see it (None otherwise: the caller answers "not found").
    pub fn session(&self, viewer: &User, id: i64) -> Result<Option<StoredSession>> {
        let sql = format!("SELECT {} FROM sessions s JOIN users u ON u.id = s.owner WHERE s.id = ?1", Self::SESSION_COLS);
        let s = self.conn.query_row(&sql, [id], Self::row_session).optional()?;
        match s {
            Some(s) if self.may_see(viewer, s.owner)? => Ok(Some(s)),
            _ => Ok(None),
        }
    }

    /// The stored report (HTML) or analysis (JSON) of a session `viewer` may see.
    pub fn session_blob(&self, viewer: &User, id: i64, report: bool) -> Result<Option<String>> {
        if self.session(viewer, id)?.is_none() {
            return Ok(None);
        }
        let col = if report { "report" } else { "analysis" };
        Ok(self.conn.query_row(&format!("SELECT {col} FROM sessions WHERE id = ?1"), [id], |r| r.get(0)).optional()?)
    }

    /// Deletes a session `viewer` may see; false when there is none to delete.
    pub fn delete_session(&mut self, viewer: &User, id: i64) -> Result<bool> {
        if self.session(viewer, id)?.is_none() {
            return Ok(false);
        }
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let n = tx.execute("DELETE FROM sessions WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(n == 1)
    }

    /// `PRAGMA integrity_check` says "ok".
    pub fn integrity_ok(&self) -> Result<bool> {
        let s: String = self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        Ok(s == "ok")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ns(title: &str) -> NewSession<'_> {
        NewSession {
            title,
            turns: 10,
            index: 60.0,
            flags: 1,
            flag_kinds: serde_json::json!({"premature_fixing": 1}),
            subscores: serde_json::json!({}),
            analysis_json: "{}",
            report_html: "<html></html>",
        }
    }

    #[test]
    fn who_sees_what() {
        let mut st = Store::in_memory().unwrap();
        assert_eq!(st.schema_version().unwrap(), MIGRATIONS.len() as i64);
        let sup = st.add_user("Dr Reyes", Role::Supervisor, None).unwrap();
        let a = st.add_user("Ana", Role::Therapist, Some("Dr Reyes")).unwrap();
        let b = st.add_user("Ben", Role::Therapist, None).unwrap();
        let admin = st.add_user("root", Role::Admin, None).unwrap();
        assert!(st.add_user("Cy", Role::Therapist, Some("Ben")).unwrap_err().to_string().contains("not a supervisor"));
        assert!(st.add_user("Ana", Role::Therapist, None).is_err());
        let sa = st.insert_session(a.id, &ns("a1")).unwrap();
        let sb = st.insert_session(b.id, &ns("b1")).unwrap();
        assert!(st.session(&a, sa).unwrap().is_some());
        assert!(st.session(&a, sb).unwrap().is_none(), "a therapist sees only their own");
        assert!(st.session(&sup, sa).unwrap().is_some(), "a supervisor sees their trainee's");
        assert!(st.session(&sup, sb).unwrap().is_none(), "…and nobody else's");
        assert_eq!(st.list_sessions(&admin, None).unwrap().len(), 2);
        assert_eq!(st.list_sessions(&sup, None).unwrap().len(), 1);
        assert_eq!(st.list_sessions(&b, None).unwrap().len(), 1);
        assert!(!st.delete_session(&a, sb).unwrap());
        assert!(st.delete_session(&b, sb).unwrap());
        let tok = st.new_token(a.id).unwrap();
        assert_eq!(st.user_for_token(&tok).unwrap().unwrap().id, a.id);
        assert!(st.user_for_token("att_nope").unwrap().is_none());
        assert!(st.integrity_ok().unwrap());
        st.set_password(a.id, "correct horse").unwrap();
        assert!(st.set_password(a.id, "short").is_err());
        assert_eq!(st.check_password("Ana", "correct horse").unwrap().unwrap().id, a.id);
        assert!(st.check_password("Ana", "wrong horse!").unwrap().is_none());
        assert!(st.check_password("Nobody", "correct horse").unwrap().is_none());
        let (cookie, csrf) = st.new_web_session(a.id, 3600).unwrap();
        assert_eq!(st.web_session(&cookie).unwrap().unwrap(), (a.clone(), csrf));
        st.end_web_session(&cookie).unwrap();
        assert!(st.web_session(&cookie).unwrap().is_none());
        let (old, _) = st.new_web_session(a.id, -1).unwrap();
        assert!(st.web_session(&old).unwrap().is_none(), "expired logins are refused");
        assert_eq!(st.visible_users(&sup).unwrap().len(), 2);
    }

    #[test]
    fn the_database_survives_reopening() {
        let dir = std::env::temp_dir().join(format!("attune-store-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("a.db");
        {
            let mut st = Store::open(&p).unwrap();
            let u = st.add_user("Ana", Role::Therapist, None).unwrap();
            st.insert_session(u.id, &ns("kept")).unwrap();
        }
        let st = Store::open(&p).unwrap();
        let u = st.user_by_name("Ana").unwrap().unwrap();
        assert_eq!(st.list_sessions(&u, None).unwrap()[0].title, "kept");
        std::fs::remove_dir_all(&dir).ok();
    }
}
