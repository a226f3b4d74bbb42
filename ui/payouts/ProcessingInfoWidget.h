#pragma once

#include "config/Settings.h"
#include "engine/Scheduler.h"

#include <QGroupBox>
#include <QPointer>
#include <QTimer>

#include <optional>

class Clock;
class QLabel;
class ScheduleSource;

// "Processing info": the engine's mode, when the next payout run is due with
// a live countdown, and what the mode means in plain words (development:
// a payout shortly after each cart purchase plus the hourly run;
// production: hourly runs and a daily cleanup, no fast payout).
class ProcessingInfoWidget final : public QGroupBox
{
    Q_OBJECT
public:
    ProcessingInfoWidget(Settings &settings, Clock &clock, QWidget *parent = nullptr);

    // Where the next run time comes from; null: no schedule is known.
    void setScheduleSource(ScheduleSource *source);
    // The mode the engine runs in, once known (the "auto" setting depends on
    // the Stripe key, which is read after the window is shown).
    void setMode(Scheduler::Mode mode);

    QString nextRunText() const;
    // The mode shown: the in-process engine's (setMode), else the running
    // engine's as it wrote it to the ledger, else this viewer's setting
    // when it names one; nullopt: automatic and no engine has said.
    std::optional<Scheduler::Mode> shownMode() const;
    // "Development", "Production", or the automatic setting's words.
    QString modeText() const;
    ScheduleSource *scheduleSource() const;
    // "in 4 min 05 s", "due now": the countdown part alone.
    static QString countdown(qint64 secondsLeft);

Q_SIGNALS:
    void modeChanged();
    // The next run's text was shown again (each second's tick, or a new
    // next run): the summary card's countdown follows this one, so the two
    // never show different seconds.
    void nextRunShown();

private:
    void updateMode();
    void updateNextRun();

    Settings &m_settings;
    Clock &m_clock;
    QPointer<ScheduleSource> m_source;
    std::optional<Scheduler::Mode> m_mode;
    QLabel *m_modeLabel = nullptr;
    QLabel *m_nextRun = nullptr;
    QLabel *m_explanation = nullptr;
    QTimer m_tick;
};
