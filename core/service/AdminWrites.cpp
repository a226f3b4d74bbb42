#include "AdminWrites.h"

#include "ledger/Ledger.h"

#include <functional>
#include <optional>

namespace AdminWrites {

Result<IssuedArtistToken> issueToken(Ledger &ledger, const QString &artist, const QString &label,
                                     const QString &actor)
{
    std::optional<IssuedArtistToken> issued;
    const Status s = ledger.write([&]() -> Status {
        Result<IssuedArtistToken> t = ledger.tokens().issue(artist, label);
        if (!t)
            return fail(t.error());
        issued = std::move(*t);
        return ledger.auditLog().append(
            actor, QStringLiteral("token.issued"), artist, 0,
            QStringLiteral("token %1 (%2)")
                .arg(issued->info.id)
                .arg(label.isEmpty() ? QStringLiteral("no label") : label));
    });
    if (!s)
        return fail(s.error());
    return std::move(*issued);
}

namespace {

// Runs `change` and, when it changed something, `audit`, in one write:
// nothing is written when there was nothing to change.
Result<bool> changeWithAudit(Ledger &ledger, const std::function<Result<bool>()> &change,
                             const std::function<Status()> &audit)
{
    bool changed = false;
    const Status s = ledger.write([&]() -> Status {
        const Result<bool> c = change();
        if (!c)
            return fail(c.error());
        changed = *c;
        return changed ? audit() : Status();
    });
    if (!s)
        return fail(s.error());
    return changed;
}

} // namespace

Result<bool> revokeToken(Ledger &ledger, qint64 id, const QString &actor)
{
    return changeWithAudit(
        ledger, [&] { return ledger.tokens().revoke(id); },
        [&] {
            return ledger.auditLog().append(actor, QStringLiteral("token.revoked"), QString(), 0,
                                            QStringLiteral("token %1").arg(id));
        });
}

Result<bool> dismissQuarantined(Ledger &ledger, qint64 id, const QString &actor,
                                const QString &reason)
{
    return changeWithAudit(
        ledger, [&] { return ledger.cleanup().dismissQuarantined(id); },
        [&] {
            return ledger.auditLog().append(
                actor, QStringLiteral("quarantine.dismissed"), {}, 0,
                reason.isEmpty() ? QStringLiteral("quarantine row %1").arg(id)
                                 : QStringLiteral("quarantine row %1: %2").arg(id).arg(reason));
        });
}

} // namespace AdminWrites
