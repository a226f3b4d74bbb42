#include "ScheduledPayoutsView.h"

#include "common/LedgerWatcher.h"
#include "common/MoneyText.h"
#include "ledger/LedgerReader.h"
#include "payouts/ProcessingInfoWidget.h"
#include "payouts/ScheduledEntriesModel.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

ScheduledPayoutsView::ScheduledPayoutsView(LedgerReader &reader, LedgerWatcher &watcher,
                                           Settings &settings, Clock &clock, QWidget *parent)
    : QWidget(parent)
    , m_reader(reader)
{
    setObjectName(QStringLiteral("scheduledPayoutsView"));
    auto *layout = new QVBoxLayout(this);

    m_heading = new QLabel(this);
    m_heading->setObjectName(QStringLiteral("artistHeading"));
    m_heading->setTextFormat(Qt::PlainText);
    m_heading->setWordWrap(true); // an artist id is as long as the store made it

    auto *caption = new QLabel(tr("To be paid to you"), this);
    m_total = new QLabel(this);
    m_total->setObjectName(QStringLiteral("totalPending"));
    m_total->setAccessibleName(tr("Total to be paid"));
    m_total->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    QFont big = m_total->font();
    big.setPointSizeF(big.pointSizeF() * 2.4);
    big.setBold(true);
    m_total->setFont(big);
    // One line per currency (formatTotalsLines), so no amount is ever cut;
    // the label asks for the width of its longest line.
    m_total->setTextFormat(Qt::PlainText);
    m_total->setSizePolicy(QSizePolicy::Minimum, QSizePolicy::Minimum);
    caption->setBuddy(m_total);

    m_held = new QLabel(this);
    m_held->setObjectName(QStringLiteral("heldTotal"));
    m_held->setWordWrap(true);
    m_counts = new QLabel(this);
    m_counts->setObjectName(QStringLiteral("entryCounts"));
    m_counts->setWordWrap(true);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("loadError"));
    m_error->setWordWrap(true);
    m_error->setForegroundRole(QPalette::BrightText);
    m_error->hide();

    m_info = new ProcessingInfoWidget(settings, clock, this);

    m_model = new ScheduledEntriesModel(reader, this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(ScheduledEntriesModel::RawRole);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("scheduledTable"));
    m_table->setAccessibleName(tr("Scheduled payouts"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ScheduledEntriesModel::Time, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(ScheduledEntriesModel::Reference,
                                                      QHeaderView::Stretch);
    m_table->setTabKeyNavigation(false); // Tab moves on to the buttons

    m_refresh = new QPushButton(tr("&Refresh"), this);
    m_refresh->setObjectName(QStringLiteral("refreshButton"));
    m_refresh->setAccessibleName(tr("Refresh"));
    m_refresh->setToolTip(tr("Read the ledger again now (it also updates by itself)"));

    // The first-run way in: the whole product on a throw-away ledger.
    m_tryDemo = new QPushButton(tr("Try the &demo"), this);
    m_tryDemo->setObjectName(QStringLiteral("tryDemoButton"));
    m_tryDemo->setAccessibleName(tr("Try the demo"));
    m_tryDemo->setToolTip(tr("Opens a second window on a throw-away demo store with a simulated "
                             "Stripe: purchases arrive, and the first payout lands in about 30 "
                             "seconds. Your own ledger is not touched."));
    m_tryDemo->hide();

    auto *totals = new QVBoxLayout;
    totals->setSpacing(2);
    totals->addWidget(m_heading);
    totals->addWidget(caption);
    totals->addWidget(m_total);
    totals->addWidget(m_held);
    totals->addWidget(m_counts);
    totals->addWidget(m_tryDemo, 0, Qt::AlignLeft);
    auto *top = new QHBoxLayout;
    top->addLayout(totals, 2);
    top->addWidget(m_info, 3);
    layout->addLayout(top);
    layout->addWidget(m_error);
    layout->addWidget(m_table, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_refresh);
    layout->addLayout(buttons);

    connect(m_refresh, &QPushButton::clicked, this, &ScheduledPayoutsView::refresh);
    connect(m_tryDemo, &QPushButton::clicked, this, &ScheduledPayoutsView::demoRequested);
    connect(&watcher, &LedgerWatcher::ledgerChanged, this, &ScheduledPayoutsView::onLedgerChanged);
    connect(m_model, &ScheduledEntriesModel::loadFailed, this, &ScheduledPayoutsView::showError);
    refresh();
}

void ScheduledPayoutsView::setArtist(const QString &artist)
{
    if (artist == m_artist)
        return;
    m_artist = artist;
    m_model->setArtist(artist);
    refresh();
}

void ScheduledPayoutsView::onLedgerChanged()
{
    if (isVisible())
        refresh();
    else
        m_stale = true;
}

void ScheduledPayoutsView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale)
        refresh();
}

void ScheduledPayoutsView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LocaleChange) {
        m_model->setLocale(locale());
        refresh();
    }
}

void ScheduledPayoutsView::showError(const QString &message)
{
    m_error->setText(tr("Cannot read the ledger: %1").arg(message));
    m_error->show();
}

void ScheduledPayoutsView::refresh()
{
    m_stale = false;
    m_error->hide();
    if (m_artist.isEmpty()) {
        m_heading->setText(tr("No artist chosen"));
        m_total->setText(QStringLiteral("—"));
        m_held->setText(tr("Choose your artist id in Settings (File › Settings) to see your "
                           "payouts, or try the demo to see a store at work."));
        m_held->show();
        m_tryDemo->show();
        m_counts->clear();
        m_model->reload();
        Q_EMIT refreshed();
        return;
    }
    m_tryDemo->hide();
    m_heading->setText(tr("Scheduled Payouts for %1").arg(m_artist));
    const Result<QList<ArtistBalance>> balances = m_reader.balances(m_artist);
    if (!balances) {
        showError(balances.error().message);
        return;
    }
    QMap<QString, qint64> due;
    QMap<QString, qint64> held;
    qint64 pending = 0;
    qint64 sending = 0;
    qint64 onHold = 0;
    for (const ArtistBalance &b : *balances) {
        // "To be paid" is what the engine will pay: pending, and sending
        // (already on its way); held money is shown apart, with why.
        if (b.pendingMinor + b.sendingMinor != 0)
            due[b.currency] += b.pendingMinor + b.sendingMinor;
        if (b.heldMinor != 0)
            held[b.currency] += b.heldMinor;
        pending += b.countByState[int(EntryState::Pending)];
        sending += b.countByState[int(EntryState::Sending)];
        onHold += b.countByState[int(EntryState::Held)];
    }
    const QLocale loc = locale();
    const QString dueText = formatTotalsLines(due, loc);
    m_total->setText(dueText.isEmpty() ? tr("Nothing to be paid") : dueText);
    const QString heldText = formatTotals(held, loc);
    m_held->setText(heldText.isEmpty() ? QString() : tr("On hold: %1").arg(heldText));
    m_held->setVisible(!heldText.isEmpty());
    m_counts->setText(tr("%n pending", nullptr, int(pending)) + QStringLiteral(" · ") +
                      tr("%n processing", nullptr, int(sending)) + QStringLiteral(" · ") +
                      tr("%n on hold", nullptr, int(onHold)));
    m_model->setLocale(loc);
    m_model->reload();
    Q_EMIT refreshed();
}
