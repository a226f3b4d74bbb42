#pragma once

#include <QString>

// Where one store's files live: the ledger, the settings file and ledger
// backups. By default the user's data folder (~/.local/share/payoutdesk);
// --data-dir points a process at another store, which is how tests and a
// second store on one desktop stay apart.
class DataLocation final
{
public:
    explicit DataLocation(QString dataDir = {});

    const QString &dataDir() const { return m_dataDir; }
    QString ledgerPath() const;
    QString settingsPath() const;
    QString backupDir() const;

private:
    QString m_dataDir;
};
