#pragma once

#include "util/Error.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

// Where a ledger lives, written as a person writes it: a URL naming the
// backend, or for the embedded default a bare file path.
//   sqlite:///var/lib/payoutdesk/ledger.sqlite   (absolute path)
//   /home/me/.local/share/PayoutDesk/ledger.sqlite
//   postgresql://payout@db.example:5432/payouts?sslmode=verify-full  (a server)
// It is the one value that travels from settings and the command line to
// every thread that opens a connection of its own (the payout worker, the
// inbox writer, the window's readers). It never holds a password (one in
// the URL, or in its query, is refused): a server's password comes, in this
// order, from PAYOUTDESK_DB_PASSWORD, the keychain (set here once by the
// program, see setServerPassword), or libpq's own PGPASSWORD and ~/.pgpass.
class LedgerLocation
{
public:
    enum class Backend { Sqlite, Postgres };

    LedgerLocation() = default;
    static LedgerLocation sqliteFile(const QString &path);
    // Accepts `sqlite:` URLs, `postgres:`/`postgresql:` URLs and bare paths.
    // A URL with a password, an unknown scheme or an empty path is refused
    // with a message that says which.
    static Result<LedgerLocation> parse(const QString &text);

    bool isValid() const { return !m_path.isEmpty() || m_url.isValid(); }
    Backend backend() const { return m_backend; }
    // SQLite: the file's absolute path; empty for a server.
    QString filePath() const { return m_path; }
    // A server's URL (without a password); empty for SQLite.
    QUrl serverUrl() const { return m_url; }
    // What parse() reads back: `sqlite:///abs/path` or the server URL.
    QString toString() const;
    // What a person reads in `status` and the window: the file's path, or
    // the server URL.
    QString displayName() const;

    // The password the program read from the keychain, for every connection
    // of this process to a server ledger (every thread opens its own). Kept
    // in memory only; an empty one clears it.
    static void setServerPassword(const QByteArray &password);
    // PAYOUTDESK_DB_PASSWORD when set, else the one set above; empty: none,
    // and libpq looks in PGPASSWORD and ~/.pgpass itself.
    static QByteArray serverPassword();

    friend bool operator==(const LedgerLocation &, const LedgerLocation &) = default;

private:
    Backend m_backend = Backend::Sqlite;
    QString m_path;
    QUrl m_url;
};
