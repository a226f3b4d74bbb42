#include "Logging.h"

#include <QDateTime>

#include <cstdio>

Q_LOGGING_CATEGORY(lcLedger, "payoutdesk.ledger", QtInfoMsg)
Q_LOGGING_CATEGORY(lcIntake, "payoutdesk.intake", QtInfoMsg)
Q_LOGGING_CATEGORY(lcWebhook, "payoutdesk.webhook", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSecrets, "payoutdesk.secrets", QtInfoMsg)
Q_LOGGING_CATEGORY(lcConfig, "payoutdesk.config", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSchedule, "payoutdesk.schedule", QtInfoMsg)
Q_LOGGING_CATEGORY(lcPayout, "payoutdesk.payout", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCleanup, "payoutdesk.cleanup", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStripe, "payoutdesk.stripe", QtInfoMsg)
Q_LOGGING_CATEGORY(lcHttp, "payoutdesk.http", QtInfoMsg)

const char kHeadlessLogPattern[] = "%{if-category}%{category}: %{endif}%{message}";

namespace {

// "2026-12-05T04:14:40.762Z ": the date and time are formatted once a
// second (a line per event is written under load), the milliseconds each
// time.
QByteArray utcStamp()
{
    thread_local qint64 cachedSec = -1;
    thread_local QByteArray cached;
    const qint64 ms = QDateTime::currentMSecsSinceEpoch();
    const qint64 sec = ms / 1000;
    if (sec != cachedSec) {
        cachedSec = sec;
        cached = QDateTime::fromSecsSinceEpoch(sec, Qt::UTC).toString(Qt::ISODate).toLatin1();
        cached.chop(1); // the Z, written after the milliseconds
    }
    char tail[8];
    std::snprintf(tail, sizeof tail, ".%03dZ ", int(ms % 1000));
    return cached + tail;
}

// Qt 6.4's %{time} has no UTC offset for local time: the time is written
// here, in UTC with milliseconds. The rest is "category: message", or what
// QT_MESSAGE_PATTERN asks for when it is set.
void headlessMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    static const bool customPattern = qEnvironmentVariableIsSet("QT_MESSAGE_PATTERN");
    QByteArray line = utcStamp();
    if (customPattern) {
        line += qFormatLogMessage(type, context, message).toLocal8Bit();
    } else {
        if (context.category && qstrcmp(context.category, "default") != 0)
            line.append(context.category).append(": ");
        line += message.toLocal8Bit();
    }
    line += '\n';
    // One write a line, unbuffered, so lines from threads never interleave.
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

} // namespace

void useHeadlessLogFormat()
{
    qSetMessagePattern(QString::fromLatin1(kHeadlessLogPattern));
    qInstallMessageHandler(headlessMessage);
}
