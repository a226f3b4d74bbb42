#include "PayoutTypes.h"

#include <QCryptographicHash>

QString ClaimedTransfer::entryIdsText() const
{
    QStringList parts;
    parts.reserve(entryIds.size());
    for (const qint64 id : entryIds)
        parts << QString::number(id);
    return parts.join(u',');
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
