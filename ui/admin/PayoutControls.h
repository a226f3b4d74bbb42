#pragma once

#include "engine/Cleanup.h"
#include "engine/PayoutRun.h"

#include <QGroupBox>
#include <QPointer>

class CleanupRunner;
class DialogPrompter;
class QLabel;
class QProgressBar;
class QPushButton;
class RunControl;

// Pay Out Now and Cleanup for the admin. While a run is in flight the button
// is disabled (from the click until runningChanged(false)), so a second run
// cannot be started from here; a progress bar follows progressChanged and
// the run's summary is shown when it ends. Without an engine in this
// process Pay Out Now is disabled and says why. Cleanup first shows what a
// dry run found and applies only after the admin confirms that preview.
class PayoutControls final : public QGroupBox
{
    Q_OBJECT
public:
    PayoutControls(DialogPrompter &prompter, QWidget *parent = nullptr);

    void setRunControl(RunControl *runs);
    void setCleanupRunner(CleanupRunner *cleanup);

public Q_SLOTS:
    void startCleanup();

private:
    void payOutNow();
    void onRunningChanged(bool running);
    void onProgress(int done, int total);
    void onFinished(const PayoutRunSummary &summary);
    void onCleanupFinished();
    void updateButtons();

    DialogPrompter &m_prompter;
    QPointer<RunControl> m_runs;
    QPointer<CleanupRunner> m_cleanupRunner;
    bool m_cleanupDryRun = true;
    bool m_requested = false; // clicked, the engine has not said it runs yet
    QPushButton *m_payNow = nullptr;
    QPushButton *m_cleanup = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_summary = nullptr;
};
