#include "Logging.h"

Q_LOGGING_CATEGORY(lcLedger, "payoutdesk.ledger", QtInfoMsg)
Q_LOGGING_CATEGORY(lcIntake, "payoutdesk.intake", QtInfoMsg)
Q_LOGGING_CATEGORY(lcWebhook, "payoutdesk.webhook", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSecrets, "payoutdesk.secrets", QtInfoMsg)
Q_LOGGING_CATEGORY(lcConfig, "payoutdesk.config", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSchedule, "payoutdesk.schedule", QtInfoMsg)
Q_LOGGING_CATEGORY(lcPayout, "payoutdesk.payout", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCleanup, "payoutdesk.cleanup", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStripe, "payoutdesk.stripe", QtInfoMsg)
