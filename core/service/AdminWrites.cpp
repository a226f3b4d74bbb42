#include "AdminWrites.h"

#include "ledger/Ledger.h"

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

Result<bool> revokeToken(Ledger &ledger, qint64 id, const QString &actor)
{
    bool revoked = false;
    const Status s = ledger.write([&]() -> Status {
        const Result<bool> r = ledger.tokens().revoke(id);
        if (!r)
            return fail(r.error());
        revoked = *r;
        if (!revoked)
            return {};
        return ledger.auditLog().append(actor, QStringLiteral("token.revoked"), QString(), 0,
                                        QStringLiteral("token %1").arg(id));
    });
    if (!s)
        return fail(s.error());
    return revoked;
}

Result<bool> dismissQuarantined(Ledger &ledger, qint64 id, const QString &actor)
{
    bool dismissed = false;
    const Status s = ledger.write([&]() -> Status {
        const Result<bool> d = ledger.cleanup().dismissQuarantined(id);
        if (!d)
            return fail(d.error());
        dismissed = *d;
        if (!dismissed)
            return {};
        return ledger.auditLog().append(actor, QStringLiteral("quarantine.dismissed"), {}, 0,
                                        QStringLiteral("quarantine row %1").arg(id));
    });
    if (!s)
        return fail(s.error());
    return dismissed;
}

} // namespace AdminWrites
