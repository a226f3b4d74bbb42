#pragma once

#include "util/Error.h"

#include <QString>

// A consistent copy of the whole ledger, taken while it stays in use: the
// danger zone writes one before a reset (ARCHITECTURE.md, "Reset account").
class BackupStore
{
public:
    virtual ~BackupStore() = default;

    // The file name ending of a copy, e.g. ".sqlite".
    virtual QString fileSuffix() const = 0;
    // Writes the copy to `targetFile`, which must not exist yet.
    virtual Status backupTo(const QString &targetFile) = 0;
};

// Writes `store`'s copy to `targetFile` under a temporary name (".partial")
// and renames it, so a backup file that exists is always whole; it never
// replaces a file, not even one that appeared meanwhile. The partial file
// is removed on failure.
Status writeBackupFile(BackupStore &store, const QString &targetFile);

// `dir`/`stem``suffix`, or with -2, -3, ... after the stem: the first such
// path no file has yet.
QString unusedBackupPath(const QString &dir, const QString &stem, const QString &suffix);
