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
