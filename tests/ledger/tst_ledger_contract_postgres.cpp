#include "LedgerContract.h"
#include "PgTestServer.h"

#include <QCoreApplication>
#include <QTest>

// The ledger contract on the PostgreSQL backend, against a real server that
// this test starts (PgTestServer: initdb and postgres in a temporary folder,
// as an unprivileged user when run as root) and stops at the end: a new
// database per test, dropped after it.
int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    PgTestServer server;
    if (const Status s = server.start(); !s) {
        qCritical("cannot start the test's PostgreSQL server: %s", qPrintable(s.error().message));
        return 1;
    }
    int databases = 0;

    LedgerContract::Backend pg;
    pg.name = QStringLiteral("PostgreSQL");
    pg.freshLocation = [&]() -> Result<LedgerLocation> {
        const Result<QString> url =
            server.createDatabase(QStringLiteral("contract_%1").arg(++databases));
        if (!url)
            return fail(url.error());
        return LedgerLocation::parse(*url);
    };
    pg.discard = [&](const LedgerLocation &location) {
        server.dropDatabase(location.serverUrl().path().mid(1));
    };
    // A PostgreSQL backup is a SQL script: restored with psql into a new
    // database, it is a ledger again. A failed restore leaves that database
    // empty, and the test's comparison of balances fails.
    pg.backupLocation = [&](const QString &file) -> std::optional<LedgerLocation> {
        const QString name = QStringLiteral("restored_%1").arg(++databases);
        const Result<QString> url = server.createDatabase(name);
        if (!url)
            return std::nullopt;
        if (const Status s = server.runScript(name, file); !s)
            qWarning("restoring the backup failed: %s", qPrintable(s.error().message));
        const Result<LedgerLocation> l = LedgerLocation::parse(*url);
        return l ? std::optional<LedgerLocation>(*l) : std::nullopt;
    };
    LedgerContract contract(std::move(pg));
    const int failed = QTest::qExec(&contract, argc, argv);
    server.stop();
    return failed;
}
