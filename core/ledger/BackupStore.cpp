#include "BackupStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

Status writeBackupFile(BackupStore &store, const QString &targetFile)
{
    const QString partial = targetFile + QStringLiteral(".partial");
    QFile::remove(partial);
    if (Status s = store.backupTo(partial); !s) {
        QFile::remove(partial);
        return fail(s.error());
    }
    // rename() never replaces a file that appeared meanwhile.
    if (!QFile::rename(partial, targetFile)) {
        QFile::remove(partial);
        return fail(Error::io(
            QStringLiteral("cannot name the backup %1 (does it exist now?)").arg(targetFile)));
    }
    return {};
}

QString unusedBackupPath(const QString &dir, const QString &stem, const QString &suffix)
{
    QString target = QDir(dir).filePath(stem + suffix);
    for (int n = 2; QFileInfo::exists(target); ++n)
        target = QDir(dir).filePath(stem + QStringLiteral("-%1").arg(n) + suffix);
    return target;
}
