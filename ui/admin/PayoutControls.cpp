#include "PayoutControls.h"

#include "admin/CleanupRunner.h"
#include "common/DialogPrompter.h"
#include "common/RunControl.h"
#include "common/RunSummaryText.h"

#include <QGridLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

PayoutControls::PayoutControls(DialogPrompter &prompter, QWidget *parent)
    : QGroupBox(tr("Payout runs"), parent)
    , m_prompter(prompter)
{
    setObjectName(QStringLiteral("payoutControls"));
    auto *grid = new QGridLayout(this);
    m_payNow = new QPushButton(tr("Pay Out &Now"), this);
    m_payNow->setObjectName(QStringLiteral("payOutNowButton"));
    m_payNow->setAccessibleName(tr("Pay out now"));
    m_cleanup = new QPushButton(tr("C&leanup…"), this);
    m_cleanup->setObjectName(QStringLiteral("cleanupButton"));
    m_cleanup->setAccessibleName(tr("Cleanup"));
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("runProgress"));
    m_progress->setAccessibleName(tr("Payout run progress"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->hide();
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("runStatus"));
    m_status->setWordWrap(true); // a long status must not widen the window
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
    connect(m_cleanup, &QPushButton::clicked, this, &PayoutControls::startCleanup);
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

void PayoutControls::setCleanupRunner(CleanupRunner *cleanup)
{
    if (m_cleanupRunner)
        disconnect(m_cleanupRunner, nullptr, this, nullptr);
    m_cleanupRunner = cleanup;
    if (m_cleanupRunner)
        connect(m_cleanupRunner, &CleanupRunner::finished, this,
                &PayoutControls::onCleanupFinished);
    updateButtons();
}

void PayoutControls::startCleanup()
{
    if (!m_cleanupRunner || m_cleanupRunner->isRunning())
        return;
    // Always the dry run first: what the admin confirms is what it found.
    m_cleanupDryRun = true;
    m_status->setText(tr("Previewing the cleanup (dry run)…"));
    m_cleanupRunner->start(true);
    updateButtons();
}

void PayoutControls::onCleanupFinished()
{
    const Result<Cleanup::Report> report = m_cleanupRunner->result();
    m_status->clear();
    updateButtons();
    if (!report) {
        m_prompter.warn(this, tr("Cleanup"),
                        tr("The cleanup could not run: %1").arg(report.error().message));
        return;
    }
    const QString text = CleanupRunner::describe(*report);
    if (!m_cleanupDryRun) {
        m_summary->setText(text);
        return;
    }
    if (CleanupRunner::changeCount(*report) == 0) {
        m_summary->setText(text);
        return;
    }
    if (!m_prompter.confirm(this, tr("Cleanup"),
                            text + u'\n' + u'\n' +
                                tr("Apply these changes? Entries are voided with their reason, "
                                   "never deleted, and every change is in the audit log."),
                            tr("&Apply Cleanup"))) {
        m_summary->setText(tr("Cleanup cancelled: nothing was changed."));
        return;
    }
    m_cleanupDryRun = false;
    m_status->setText(tr("Cleaning up…"));
    m_cleanupRunner->start(false);
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
    m_runs->requestRun(RunTrigger::Admin);
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
    // QProgressBar fills in %v; the plural follows the total.
    m_progress->setFormat(tr("%v of %n transfer(s)", nullptr, total));
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
    if (!m_runs) {
        m_payNow->setToolTip(tr("No payout engine runs in this window, so a run cannot be "
                                "started from here."));
        if (m_status->text().isEmpty())
            m_status->setText(tr("Payout runs happen in the store's payout service; this window "
                                 "follows them through the ledger."));
    } else if (busy)
        m_payNow->setToolTip(tr("A payout run is in progress; wait for it to finish."));
    else
        m_payNow->setToolTip(tr("Start a payout run now: pay everything that is due."));
    m_payNow->setAccessibleDescription(m_payNow->toolTip());

    const bool cleaning = m_cleanupRunner && m_cleanupRunner->isRunning();
    m_cleanup->setEnabled(m_cleanupRunner && !cleaning);
    m_cleanup->setToolTip(!m_cleanupRunner ? tr("Cleanup is not available in this window.")
                          : cleaning       ? tr("A cleanup is in progress.")
                                           : tr("Void duplicates and invalid entries and archive "
                                                      "stale data, after a preview of what a dry run "
                                                      "finds."));
    m_cleanup->setAccessibleDescription(m_cleanup->toolTip());
}
