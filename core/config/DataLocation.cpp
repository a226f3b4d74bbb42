#include "DataLocation.h"

#include <QDir>
#include <QStandardPaths>

DataLocation::DataLocation(QString dataDir)
    : m_dataDir(std::move(dataDir))
{
    if (m_dataDir.isEmpty())
        m_dataDir = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    m_dataDir = QDir(m_dataDir).absolutePath();
}

QString DataLocation::ledgerPath() const
{
    return m_dataDir + QStringLiteral("/ledger.sqlite");
}

QString DataLocation::settingsPath() const
{
    return m_dataDir + QStringLiteral("/settings.ini");
}

QString DataLocation::backupDir() const
{
    return m_dataDir + QStringLiteral("/backups");
}
