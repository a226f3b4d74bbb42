#pragma once

#include <QLoggingCategory>

// One category per area. The tags a person watches while testing are part of
// the messages ("[WEBHOOK] ..."), so they read the same with any log pattern.
Q_DECLARE_LOGGING_CATEGORY(lcLedger)
Q_DECLARE_LOGGING_CATEGORY(lcIntake)
Q_DECLARE_LOGGING_CATEGORY(lcWebhook)
Q_DECLARE_LOGGING_CATEGORY(lcSecrets)
Q_DECLARE_LOGGING_CATEGORY(lcConfig)
Q_DECLARE_LOGGING_CATEGORY(lcSchedule)
Q_DECLARE_LOGGING_CATEGORY(lcPayout)
Q_DECLARE_LOGGING_CATEGORY(lcCleanup)
Q_DECLARE_LOGGING_CATEGORY(lcStripe)
Q_DECLARE_LOGGING_CATEGORY(lcHttp)

// In headless use (serve, payoutdesk-cli, payoutdesk's commands without a
// window): each line on stderr starts with its time in UTC, ISO 8601 with
// milliseconds, then the category and the message with its tag, e.g.
// "2026-01-01T12:00:00.123Z payoutdesk.payout: [PAYOUT] Processing ...".
// The rest of the line follows the message pattern (QT_MESSAGE_PATTERN,
// when set, still shapes it).
void useHeadlessLogFormat();
// The pattern useHeadlessLogFormat() sets, after the time.
extern const char kHeadlessLogPattern[];
