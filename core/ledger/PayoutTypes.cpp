#include "PayoutTypes.h"

#include <QCryptographicHash>

QString entryIdListText(const QList<qint64> &ids)
{
    QStringList parts;
    parts.reserve(ids.size());
    for (const qint64 id : ids)
        parts << QString::number(id);
    return parts.join(u',');
}

QString ClaimedTransfer::entryIdsText() const
{
    return entryIdListText(entryIds);
}

QString ClaimedTransfer::derivedKey() const
{
    const QByteArray digest =
        QCryptographicHash::hash((entryIdsText() + u'|' + amount.currency + u'|' +
                                  QString::number(amount.minor) + u'|' + destination)
                                     .toUtf8(),
                                 QCryptographicHash::Sha256);
    return QStringLiteral("payoutdesk-%1-%2")
        .arg(row)
        .arg(QString::fromLatin1(digest.toHex().left(24)));
}

QString ClaimedReversal::derivedKey() const
{
    const QByteArray digest =
        QCryptographicHash::hash((QString::number(entryId) + u'|' + transferId + u'|' +
                                  amount.currency + u'|' + QString::number(amount.minor))
                                     .toUtf8(),
                                 QCryptographicHash::Sha256);
    return QStringLiteral("payoutdesk-rev-%1-%2")
        .arg(row)
        .arg(QString::fromLatin1(digest.toHex().left(24)));
}

QString transferDescription(const QString &artist, qsizetype entries, const QStringList &titles)
{
    // English and fixed on purpose: Stripe keeps it, and a resend with the
    // same key must send the very same text whatever the locale.
    QString out =
        QStringLiteral("Payout Desk: %1 %2 for %3")
            .arg(entries)
            .arg(entries == 1 ? QStringLiteral("entry") : QStringLiteral("entries"), artist);
    QStringList named;
    for (const QString &t : titles)
        if (!t.isEmpty() && !named.contains(t))
            named << t;
    if (named.isEmpty())
        return out.left(kMaxTransferDescription);
    // As many whole titles as fit, then "and N more"; a first title too long
    // for the rest of the text is cut (never inside a surrogate pair).
    const QString ellipsis = QStringLiteral("...");
    for (qsizetype shown = named.size(); shown >= 1; --shown) {
        QString text = out + QStringLiteral(": ") + named.mid(0, shown).join(QStringLiteral(", "));
        if (shown < named.size())
            text += QStringLiteral(" and %1 more").arg(named.size() - shown);
        if (text.size() <= kMaxTransferDescription)
            return text;
    }
    QString cut = out + QStringLiteral(": ") + named.first();
    const QString more =
        named.size() > 1 ? QStringLiteral(" and %1 more").arg(named.size() - 1) : QString();
    qsizetype keep = kMaxTransferDescription - ellipsis.size() - more.size();
    if (keep > 0 && keep < cut.size() && cut.at(keep - 1).isHighSurrogate())
        --keep;
    return cut.left(qMax<qsizetype>(0, keep)) + ellipsis + more;
}
