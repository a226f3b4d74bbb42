#pragma once

#include "engine/PayoutRun.h"

#include <QGroupBox>
#include <QPointer>

class QLabel;
class QProgressBar;
class QPushButton;
class RunControl;

// Pay Out Now and Cleanup for the admin. While a run is in flight the button
// is disabled (from the click until runningChanged(false)), so a second run
// cannot be started from here; a progress bar follows progressChanged and
// the run's summary is shown when it ends. Without an engine in this
// process both actions are disabled and say why.
class PayoutControls final : public QGroupBox
{
    Q_OBJECT
public:
    explicit PayoutControls(QWidget *parent = nullptr);

    void setRunControl(RunControl *runs);

private:
    void payOutNow();
    void onRunningChanged(bool running);
    void onProgress(int done, int total);
    void onFinished(const PayoutRunSummary &summary);
    void updateButtons();

    QPointer<RunControl> m_runs;
    bool m_requested = false; // clicked, the engine has not said it runs yet
    QPushButton *m_payNow = nullptr;
    QPushButton *m_cleanup = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_summary = nullptr;
};
