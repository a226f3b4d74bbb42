#pragma once

#include "util/Error.h"

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

// A throw-away PostgreSQL server for tests: a cluster made by initdb in a
// temporary folder, its postgres process a child of the test, listening
// only on a unix socket in that folder (no TCP port, so nothing else on the
// machine can collide with it or reach it), stopped at the end.
//
// PostgreSQL refuses to run as root. When the test runs as root (CI does),
// initdb and postgres run as an unprivileged user through setpriv(1):
// $PAYOUTDESK_TEST_PG_USER if set, else `postgres`, the account Debian's
// postgresql package creates to run servers. The test itself stays root and
// talks to the server through the socket.
//
// postgres runs under `setpriv --pdeathsig=QUIT`: if the test dies without
// stopping it (a crash, a timeout's SIGKILL), the kernel sends the server
// SIGQUIT, PostgreSQL's immediate shutdown, so no server outlives its test.
class PgTestServer
{
public:
    PgTestServer();
    ~PgTestServer();
    PgTestServer(const PgTestServer &) = delete;
    PgTestServer &operator=(const PgTestServer &) = delete;

    // initdb, then start and wait until the server accepts connections.
    Status start();
    // A fast shutdown (SIGINT), waited for. Safe to call twice.
    void stop();
    // Stops the server and starts it again on the same cluster: every
    // connection to it is lost, as in a failover.
    Status restart();

    // A new empty database; returns its postgresql:// URL.
    Result<QString> createDatabase(const QString &name);
    void dropDatabase(const QString &name);
    // Runs a plain SQL script (a ledger backup) into a database with psql.
    Status runScript(const QString &database, const QString &file);
    // Runs SQL text as the server's superuser with psql, in one transaction
    // (a test reaching behind the ledger: a role, a broken row, a lock).
    Status runSql(const QString &database, const QString &text);

    QString url(const QString &database) const;
    QString runAsUser() const { return m_user; }

private:
    Result<QByteArray> run(const QString &program, const QStringList &args, bool asServerUser);
    // psql as the superuser on `database`, ON_ERROR_STOP, one transaction.
    Status psql(const QString &database, const QStringList &input);
    QString tool(const QString &name) const;
    QStringList dropPrivileges() const;
    Status launch();

    QTemporaryDir m_dir;
    QString m_binDir;
    QString m_user; // empty: the test's own user
    uint m_uid = 0;
    uint m_gid = 0;
    std::unique_ptr<QProcess> m_server;
    QByteArray m_log;
};
