#include "LedgerContract.h"

#include <QCoreApplication>
#include <QTemporaryDir>
#include <QTest>

// The ledger contract on the embedded backend: a new SQLite file per test.
int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    if (!dir.isValid())
        qFatal("no temporary folder: %s", qPrintable(dir.errorString()));
    int files = 0;

    LedgerContract::Backend sqlite;
    sqlite.name = QStringLiteral("SQLite");
    sqlite.freshLocation = [&]() -> Result<LedgerLocation> {
        return LedgerLocation::sqliteFile(
            dir.filePath(QStringLiteral("contract-%1.sqlite").arg(++files)));
    };
    // A SQLite backup is a ledger file in its own right.
    sqlite.backupLocation = [](const QString &file) -> std::optional<LedgerLocation> {
        return LedgerLocation::sqliteFile(file);
    };
    LedgerContract contract(std::move(sqlite));
    return QTest::qExec(&contract, argc, argv);
}
