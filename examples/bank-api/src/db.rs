//! SQLite storage of users, accounts and the transfer ledger.
//!
//! Every statement binds its values as parameters; no SQL is ever built by formatting. The
//! connection sits behind a mutex and is used from blocking tasks (`tokio::task::spawn_blocking`).

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OptionalExtension, Row, TransactionBehavior, params};
use threatmodel::{component, data_flow, mitigation};

use crate::architecture::DataCenter;
use crate::model::{Account, Transfer, TransferOrder, User, WebhookConfig};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS users (
    id            INTEGER PRIMARY KEY,
    username      TEXT    NOT NULL UNIQUE,
    password_hash TEXT    NOT NULL,
    webhook_url   TEXT
);
CREATE TABLE IF NOT EXISTS accounts (
    id            INTEGER PRIMARY KEY,
    owner_id      INTEGER NOT NULL REFERENCES users(id),
    name          TEXT    NOT NULL,
    currency      TEXT    NOT NULL,
    balance_minor INTEGER NOT NULL CHECK (balance_minor >= 0)
);
CREATE INDEX IF NOT EXISTS accounts_by_owner ON accounts(owner_id);
CREATE TABLE IF NOT EXISTS transfers (
    id            INTEGER PRIMARY KEY,
    from_account  INTEGER NOT NULL REFERENCES accounts(id),
    to_account    INTEGER NOT NULL REFERENCES accounts(id),
    amount_minor  INTEGER NOT NULL CHECK (amount_minor > 0),
    currency      TEXT    NOT NULL,
    reference     TEXT,
    created_at    INTEGER NOT NULL,
    initiated_by  INTEGER NOT NULL REFERENCES users(id)
);
CREATE INDEX IF NOT EXISTS transfers_by_from ON transfers(from_account);
CREATE INDEX IF NOT EXISTS transfers_by_to ON transfers(to_account);
CREATE TRIGGER IF NOT EXISTS transfers_no_update BEFORE UPDATE ON transfers
BEGIN SELECT RAISE(ABORT, 'the transfer ledger is append-only'); END;
CREATE TRIGGER IF NOT EXISTS transfers_no_delete BEFORE DELETE ON transfers
BEGIN SELECT RAISE(ABORT, 'the transfer ledger is append-only'); END;
";

/// The SQLite database holding users, accounts and the transfer ledger; a file next to the
/// service (or in memory for tests), reached only by this process.
#[component(datastore, boundary = DataCenter, name = "SQLite")]
#[derive(Debug)]
pub struct Db {
    conn: Mutex<Connection>,
}

/// Why a transfer was refused.
#[derive(Debug)]
pub enum TransferError {
    /// The source account does not exist or is not the caller's.
    SourceNotFound,
    /// The destination account does not exist.
    DestinationNotFound,
    /// An account's currency differs from the transfer's.
    CurrencyMismatch,
    /// The source balance is below the amount.
    InsufficientFunds,
    /// The destination balance would overflow.
    BalanceOverflow,
    /// The database failed.
    Db(rusqlite::Error),
}

impl From<rusqlite::Error> for TransferError {
    fn from(err: rusqlite::Error) -> Self {
        TransferError::Db(err)
    }
}

fn account_from_row(row: &Row<'_>) -> rusqlite::Result<Account> {
    Ok(Account {
        id: row.get(0)?,
        owner_id: row.get(1)?,
        name: row.get(2)?,
        currency: row.get(3)?,
        balance_minor: row.get(4)?,
    })
}

fn transfer_from_row(row: &Row<'_>) -> rusqlite::Result<Transfer> {
    Ok(Transfer {
        id: row.get(0)?,
        from_account: row.get(1)?,
        to_account: row.get(2)?,
        amount_minor: row.get(3)?,
        currency: row.get(4)?,
        reference: row.get(5)?,
        created_at: row.get(6)?,
        initiated_by: row.get(7)?,
    })
}

impl Db {
    /// Opens (creating if needed) the database at `path`; `":memory:"` for a private
    /// in-memory database. Enables foreign keys and WAL, and creates the schema.
    pub fn open(path: &str) -> rusqlite::Result<Db> {
        let conn = if path == ":memory:" {
            Connection::open_in_memory()?
        } else {
            let conn = Connection::open(path)?;
            conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
            conn
        };
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.execute_batch("PRAGMA foreign_keys = ON;")?;
        conn.execute_batch(SCHEMA)?;
        Ok(Db {
            conn: Mutex::new(conn),
        })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave SQLite inconsistent: an open
        // transaction is rolled back when its guard drops.
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[threatmodel::mitigations]
impl Db {
    /// Inserts a user with a bound `INSERT`; `None` when the username is taken.
    #[mitigation(parameterized_queries)]
    #[data_flow(to = Db, data = [User], protocol = "sqlite, in-process")]
    pub fn create_user(
        &self,
        username: &str,
        password_hash: &str,
    ) -> rusqlite::Result<Option<User>> {
        let conn = self.conn();
        match conn.execute(
            "INSERT INTO users (username, password_hash) VALUES (?1, ?2)",
            params![username, password_hash],
        ) {
            Ok(_) => Ok(Some(User {
                id: conn.last_insert_rowid(),
                username: username.to_owned(),
                password_hash: password_hash.to_owned(),
            })),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == ErrorCode::ConstraintViolation =>
            {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// Looks a user up by username with a bound `SELECT`.
    #[mitigation(parameterized_queries)]
    #[data_flow(to = Db, data = [User], protocol = "sqlite, in-process")]
    pub fn user_by_name(&self, username: &str) -> rusqlite::Result<Option<User>> {
        self.conn()
            .query_row(
                "SELECT id, username, password_hash FROM users WHERE username = ?1",
                params![username],
                |row| {
                    Ok(User {
                        id: row.get(0)?,
                        username: row.get(1)?,
                        password_hash: row.get(2)?,
                    })
                },
            )
            .optional()
    }

    /// Opens an account with bound statements, enforcing the per-user account quota in the same
    /// transaction (so parallel requests cannot exceed it); `None` when the quota is reached.
    #[mitigation(
        parameterized_queries,
        custom = "account_quota",
        addresses = [sensitive_business_flows]
    )]
    #[data_flow(to = Db, data = [Account], protocol = "sqlite, in-process")]
    pub fn insert_account(
        &self,
        owner_id: i64,
        name: &str,
        currency: &str,
        opening_balance_minor: i64,
        max_accounts: u32,
    ) -> rusqlite::Result<Option<Account>> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let existing: i64 = tx.query_row(
            "SELECT COUNT(*) FROM accounts WHERE owner_id = ?1",
            params![owner_id],
            |row| row.get(0),
        )?;
        if existing >= i64::from(max_accounts) {
            return Ok(None);
        }
        tx.execute(
            "INSERT INTO accounts (owner_id, name, currency, balance_minor) VALUES (?1, ?2, ?3, ?4)",
            params![owner_id, name, currency, opening_balance_minor],
        )?;
        let account = Account {
            id: tx.last_insert_rowid(),
            owner_id,
            name: name.to_owned(),
            currency: currency.to_owned(),
            balance_minor: opening_balance_minor,
        };
        tx.commit()?;
        Ok(Some(account))
    }

    /// The accounts of `owner_id` only: the owner filter is part of the bound `WHERE` clause.
    #[mitigation(parameterized_queries, authorization)]
    #[data_flow(to = Db, data = [Account], protocol = "sqlite, in-process")]
    pub fn accounts_of(&self, owner_id: i64) -> rusqlite::Result<Vec<Account>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT id, owner_id, name, currency, balance_minor
             FROM accounts WHERE owner_id = ?1 ORDER BY id",
        )?;
        stmt.query_map(params![owner_id], account_from_row)?
            .collect()
    }

    /// One account by id with a bound `SELECT` (ownership is checked by the caller).
    #[mitigation(parameterized_queries)]
    #[data_flow(to = Db, data = [Account], protocol = "sqlite, in-process")]
    pub fn account(&self, id: i64) -> rusqlite::Result<Option<Account>> {
        self.conn()
            .query_row(
                "SELECT id, owner_id, name, currency, balance_minor FROM accounts WHERE id = ?1",
                params![id],
                account_from_row,
            )
            .optional()
    }

    /// Moves money in one `IMMEDIATE` transaction: the source must belong to the initiator
    /// (owner in the `WHERE` clause), both currencies must match, the balance must cover the
    /// amount; debit, credit and the append-only ledger row (with the initiating user) commit
    /// together or not at all. Returns the transfer and the recipient account's owner.
    #[mitigation(
        parameterized_queries,
        authorization,
        audit_logging,
        addresses = [tampering]
    )]
    #[data_flow(to = Db, data = [Account, Transfer], protocol = "sqlite, in-process")]
    pub fn transfer(&self, order: &TransferOrder) -> Result<(Transfer, i64), TransferError> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (source_currency, source_balance): (String, i64) = tx
            .query_row(
                "SELECT currency, balance_minor FROM accounts WHERE id = ?1 AND owner_id = ?2",
                params![order.from_account, order.initiated_by],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?
            .ok_or(TransferError::SourceNotFound)?;
        let (recipient, target_currency, target_balance): (i64, String, i64) = tx
            .query_row(
                "SELECT owner_id, currency, balance_minor FROM accounts WHERE id = ?1",
                params![order.to_account],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()?
            .ok_or(TransferError::DestinationNotFound)?;
        if source_currency != order.currency || target_currency != order.currency {
            return Err(TransferError::CurrencyMismatch);
        }
        if source_balance < order.amount_minor {
            return Err(TransferError::InsufficientFunds);
        }
        if target_balance.checked_add(order.amount_minor).is_none() {
            return Err(TransferError::BalanceOverflow);
        }
        let debited = tx.execute(
            "UPDATE accounts SET balance_minor = balance_minor - ?1
             WHERE id = ?2 AND owner_id = ?3 AND balance_minor >= ?1",
            params![order.amount_minor, order.from_account, order.initiated_by],
        )?;
        if debited != 1 {
            return Err(TransferError::InsufficientFunds);
        }
        tx.execute(
            "UPDATE accounts SET balance_minor = balance_minor + ?1 WHERE id = ?2",
            params![order.amount_minor, order.to_account],
        )?;
        tx.execute(
            "INSERT INTO transfers
                 (from_account, to_account, amount_minor, currency, reference, created_at, initiated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                order.from_account,
                order.to_account,
                order.amount_minor,
                order.currency,
                order.reference,
                order.created_at,
                order.initiated_by
            ],
        )?;
        let transfer = Transfer {
            id: tx.last_insert_rowid(),
            from_account: order.from_account,
            to_account: order.to_account,
            amount_minor: order.amount_minor,
            currency: order.currency.clone(),
            reference: order.reference.clone(),
            created_at: order.created_at,
            initiated_by: order.initiated_by,
        };
        tx.commit()?;
        Ok((transfer, recipient))
    }

    /// A page of the transfers into or out of `account_id`, newest first, with bound `LIMIT`
    /// and `OFFSET`.
    #[mitigation(parameterized_queries)]
    #[data_flow(to = Db, data = [Transfer], protocol = "sqlite, in-process")]
    pub fn transfers_of(
        &self,
        account_id: i64,
        limit: u32,
        offset: u32,
    ) -> rusqlite::Result<Vec<Transfer>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT id, from_account, to_account, amount_minor, currency, reference, created_at, initiated_by
             FROM transfers WHERE from_account = ?1 OR to_account = ?1
             ORDER BY id DESC LIMIT ?2 OFFSET ?3",
        )?;
        stmt.query_map(params![account_id, limit, offset], transfer_from_row)?
            .collect()
    }

    /// Sets (or with `None` clears) the caller's webhook URL with a bound `UPDATE`.
    #[mitigation(parameterized_queries)]
    #[data_flow(to = Db, data = [WebhookConfig], protocol = "sqlite, in-process")]
    pub fn set_webhook(&self, user_id: i64, url: Option<&str>) -> rusqlite::Result<()> {
        self.conn().execute(
            "UPDATE users SET webhook_url = ?1 WHERE id = ?2",
            params![url, user_id],
        )?;
        Ok(())
    }

    /// The webhook URL of `user_id`, if one is set, with a bound `SELECT`.
    #[mitigation(parameterized_queries)]
    #[data_flow(to = Db, data = [WebhookConfig], protocol = "sqlite, in-process")]
    pub fn webhook_of(&self, user_id: i64) -> rusqlite::Result<Option<WebhookConfig>> {
        let url: Option<Option<String>> = self
            .conn()
            .query_row(
                "SELECT webhook_url FROM users WHERE id = ?1",
                params![user_id],
                |row| row.get(0),
            )
            .optional()?;
        Ok(url.flatten().map(|url| WebhookConfig { url }))
    }
}
