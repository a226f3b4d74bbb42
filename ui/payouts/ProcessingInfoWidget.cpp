#include "ProcessingInfoWidget.h"

#include "common/ScheduleSource.h"
#include "util/Clock.h"

#include <QFormLayout>
#include <QLabel>
#include <QLocale>

ProcessingInfoWidget::ProcessingInfoWidget(Settings &settings, Clock &clock, QWidget *parent)
    : QGroupBox(tr("Processing info"), parent)
    , m_settings(settings)
    , m_clock(clock)
{
    setObjectName(QStringLiteral("processingInfo"));
    auto *form = new QFormLayout(this);
    // In a narrow window a value goes under its label rather than cutting it
    // ("Next r"); every value wraps instead of widening the window.
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    m_modeLabel = new QLabel(this);
    m_modeLabel->setObjectName(QStringLiteral("modeLabel"));
    m_nextRun = new QLabel(this);
    m_nextRun->setObjectName(QStringLiteral("nextRunLabel"));
    m_explanation = new QLabel(this);
    m_explanation->setObjectName(QStringLiteral("modeExplanation"));
    for (QLabel *l : {m_modeLabel, m_nextRun, m_explanation}) {
        l->setWordWrap(true);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    }
    form->addRow(tr("Mode:"), m_modeLabel);
    form->addRow(tr("Next run:"), m_nextRun);
    form->addRow(m_explanation);

    // A countdown in seconds: one tick a second, aligned to nothing; the
    // text is recomputed from the clock each time, so ticks can slip.
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &ProcessingInfoWidget::updateNextRun);
    m_tick.start();
    connect(&m_settings, &Settings::changed, this, [this](Settings::Key key) {
        if (key == Settings::Key::Mode || key == Settings::Key::FastPayoutDelaySecs ||
            key == Settings::Key::PayoutIntervalSecs)
            updateMode();
    });
    updateMode();
    updateNextRun();
}

void ProcessingInfoWidget::setScheduleSource(ScheduleSource *source)
{
    if (m_source)
        disconnect(m_source, nullptr, this, nullptr);
    m_source = source;
    if (m_source) {
        connect(m_source, &ScheduleSource::nextRunChanged, this,
                &ProcessingInfoWidget::updateNextRun);
        connect(m_source, &ScheduleSource::engineChanged, this, [this] {
            updateMode();
            updateNextRun();
        });
    }
    updateMode();
    updateNextRun();
}

void ProcessingInfoWidget::setMode(Scheduler::Mode mode)
{
    m_mode = mode;
    updateMode();
}

QString ProcessingInfoWidget::countdown(qint64 s)
{
    if (s <= 0)
        return tr("due now");
    if (s < 60)
        return tr("in %1 s").arg(s);
    if (s < 3600)
        return tr("in %1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return tr("in %1 h %2 min").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
}

QString ProcessingInfoWidget::nextRunText() const
{
    const QDateTime next = m_source ? m_source->nextRun() : QDateTime();
    if (!next.isValid()) {
        const auto state = m_source ? m_source->engineState() : EngineStatus::State::Unknown;
        if (state == EngineStatus::State::Stopped)
            return tr("not scheduled: the store's payout engine is stopped");
        if (state == EngineStatus::State::Unresponsive)
            return tr("not scheduled: the store's payout engine stopped answering");
        return tr("not scheduled: no payout engine has announced a run (is the store's "
                  "payout service running?)");
    }
    const qint64 left = m_clock.now().secsTo(next);
    const QString at = locale().toString(next.toLocalTime().time(), QLocale::ShortFormat);
    if (left < -60)
        return tr("%1, overdue: waiting for the payout engine").arg(at);
    return tr("%1 (%2)").arg(at, countdown(left));
}

void ProcessingInfoWidget::updateNextRun()
{
    m_nextRun->setText(nextRunText());
    Q_EMIT nextRunShown();
}

std::optional<Scheduler::Mode> ProcessingInfoWidget::shownMode() const
{
    if (m_mode)
        return m_mode;
    const QString engine = m_source ? m_source->engineMode() : QString();
    const QString setting = engine.isEmpty() ? m_settings.string(Settings::Key::Mode) : engine;
    if (setting == u"development")
        return Scheduler::Mode::Development;
    if (setting == u"production")
        return Scheduler::Mode::Production;
    return std::nullopt;
}

ScheduleSource *ProcessingInfoWidget::scheduleSource() const
{
    return m_source;
}

QString ProcessingInfoWidget::modeText() const
{
    return m_modeLabel->text();
}

void ProcessingInfoWidget::updateMode()
{
    const std::optional<Scheduler::Mode> mode = shownMode();

    const int delay = m_settings.integer(Settings::Key::FastPayoutDelaySecs);
    const int interval = m_settings.integer(Settings::Key::PayoutIntervalSecs);
    const QString every = interval == 3600
                              ? tr("every hour")
                              : tr("every %n minute(s)", nullptr, qMax(1, interval / 60));
    const QString development =
        tr("Development: a payout runs %n second(s) after a cart purchase (a burst of purchases "
           "gives one run), and a regular run %1 pays whatever is still due. Meant for Stripe test "
           "keys: a live key never runs in development mode.",
           nullptr, delay)
            .arg(every);
    const QString production =
        tr("Production: payouts run %1 and the ledger is cleaned up once a day. A purchase does "
           "not start a payout of its own; it is paid in the next regular run.")
            .arg(every);
    if (!mode) {
        m_modeLabel->setText(tr("Automatic (development with a Stripe test key, production with "
                                "a live key)"));
        m_explanation->setText(development + u'\n' + production);
    } else if (*mode == Scheduler::Mode::Development) {
        m_modeLabel->setText(tr("Development"));
        m_explanation->setText(development);
    } else {
        m_modeLabel->setText(tr("Production"));
        m_explanation->setText(production);
    }
    Q_EMIT modeChanged();
}
