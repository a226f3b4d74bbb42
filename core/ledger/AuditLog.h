#pragma once

#include "util/Error.h"

#include <QString>

// The append-only audit trail (ARCHITECTURE.md, rule 4): every change to
// money leaves a row naming who did it and why.
class AuditLog
{
public:
    virtual ~AuditLog() = default;

    // Appends a row. Only inside Ledger::write(), so that the row commits or
    // rolls back with the change it records.
    virtual Status append(const QString &actor, const QString &action, const QString &artist = {},
                          qint64 entryId = 0, const QString &detail = {}) = 0;
};
