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

const char kHeadlessLogPattern[] = "%{if-category}%{category}: %{endif}%{message}";

namespace {

// Qt 6.4's %{time} has no UTC offset for local time: the time is written
// here, in UTC with milliseconds, and the rest of the line is the pattern's.
void headlessMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QString line = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs) + u' ' +
                         qFormatLogMessage(type, context, message) + u'\n';
    std::fputs(line.toLocal8Bit().constData(), stderr);
    std::fflush(stderr);
}

} // namespace

void useHeadlessLogFormat()
{
    qSetMessagePattern(QString::fromLatin1(kHeadlessLogPattern));
    qInstallMessageHandler(headlessMessage);
}
