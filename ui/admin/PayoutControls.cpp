#include "PayoutControls.h"

#include "common/RunControl.h"
#include "common/RunSummaryText.h"

#include <QGridLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

PayoutControls::PayoutControls(QWidget *parent)
    : QGroupBox(tr("Payout runs"), parent)
{
    setObjectName(QStringLiteral("payoutControls"));
    auto *grid = new QGridLayout(this);
    m_payNow = new QPushButton(tr("Pay Out &Now"), this);
    m_payNow->setObjectName(QStringLiteral("payOutNowButton"));
    m_payNow->setAccessibleName(tr("Pay out now"));
    m_cleanup = new QPushButton(tr("C&leanup…"), this);
    m_cleanup->setObjectName(QStringLiteral("cleanupButton"));
    m_cleanup->setAccessibleName(tr("Cleanup"));
    // The engine's cleanup API (a dry-run preview, then apply) does not
    // exist yet; the button says so instead of pretending.
    m_cleanup->setEnabled(false);
    m_cleanup->setToolTip(tr("Cleanup, with a preview of its dry run before anything changes, "
                             "arrives with the cleanup engine. It is not available in this "
                             "version."));
    m_cleanup->setAccessibleDescription(m_cleanup->toolTip());
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("runProgress"));
    m_progress->setAccessibleName(tr("Payout run progress"));
    m_progress->setFormat(tr("%v of %m transfers"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->hide();
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("runStatus"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("runSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);

    grid->addWidget(m_payNow, 0, 0);
    grid->addWidget(m_cleanup, 0, 1);
    grid->addWidget(m_status, 0, 2);
    grid->setColumnStretch(2, 1);
    grid->addWidget(m_progress, 1, 0, 1, 3);
    grid->addWidget(m_summary, 2, 0, 1, 3);

    connect(m_payNow, &QPushButton::clicked, this, &PayoutControls::payOutNow);
    updateButtons();
}

void PayoutControls::setRunControl(RunControl *runs)
{
    if (m_runs)
        disconnect(m_runs, nullptr, this, nullptr);
    m_runs = runs;
    if (m_runs) {
        connect(m_runs, &RunControl::runningChanged, this, &PayoutControls::onRunningChanged);
        connect(m_runs, &RunControl::progressChanged, this, &PayoutControls::onProgress);
        connect(m_runs, &RunControl::runFinished, this, &PayoutControls::onFinished);
        connect(m_runs, &RunControl::runStarted, this, [this](const QString &trigger) {
            m_status->setText(tr("A run is in progress (%1)…").arg(trigger));
        });
        if (m_runs->isRunning())
            onRunningChanged(true);
    }
    updateButtons();
}

void PayoutControls::payOutNow()
{
    if (!m_runs || m_runs->isRunning() || m_requested)
        return;
    // Disabled before the request, not after the engine answers: a double
    // click must not queue a second run.
    m_requested = true;
    updateButtons();
    m_summary->clear();
    m_status->setText(tr("Starting a payout run…"));
    m_progress->setRange(0, 0); // busy until the first progress report
    m_progress->show();
    m_runs->requestRun(QStringLiteral("admin"));
}

void PayoutControls::onRunningChanged(bool running)
{
    m_requested = false;
    if (running) {
        m_progress->setRange(0, 0);
        m_progress->show();
        if (m_status->text().isEmpty())
            m_status->setText(tr("A run is in progress…"));
    } else {
        m_status->clear();
        // The bar stays at its end value with the summary below it.
        if (m_progress->maximum() == 0)
            m_progress->hide();
    }
    updateButtons();
}

void PayoutControls::onProgress(int done, int total)
{
    m_progress->show();
    m_progress->setRange(0, qMax(total, 1));
    m_progress->setValue(total == 0 ? 1 : qBound(0, done, total));
}

void PayoutControls::onFinished(const PayoutRunSummary &summary)
{
    // A run that ends without ever reporting running (refused at once, say)
    // must not leave the button disabled.
    m_requested = false;
    updateButtons();
    m_summary->setText(RunSummaryText::title(summary) + u'\n' +
                       RunSummaryText::body(summary, locale()));
}

void PayoutControls::updateButtons()
{
    const bool busy = m_requested || (m_runs && m_runs->isRunning());
    m_payNow->setEnabled(m_runs && !busy);
    if (!m_runs)
        m_payNow->setToolTip(tr("No payout engine runs in this window, so a run cannot be "
                                "started from here."));
    else if (busy)
        m_payNow->setToolTip(tr("A payout run is in progress; wait for it to finish."));
    else
        m_payNow->setToolTip(tr("Start a payout run now: pay everything that is due."));
    m_payNow->setAccessibleDescription(m_payNow->toolTip());
}
