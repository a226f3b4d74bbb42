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
