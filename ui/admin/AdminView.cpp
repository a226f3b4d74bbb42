#include "AdminView.h"

#include "admin/ArtistTotalsModel.h"
#include "admin/LinkArtistForm.h"
#include "admin/PayoutControls.h"
#include "admin/QuarantineModel.h"
#include "admin/QuarantinePanel.h"
#include "common/EmptyState.h"
#include "common/LedgerWatcher.h"
#include "ledger/AsyncLedgerReader.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

// What one read on the reader's thread hands back.
struct AdminView::Snapshot
{
    QList<ArtistTotalsModel::Row> totals;
    QList<QuarantinedEvent> quarantine;
};

AdminView::AdminView(AsyncLedgerReader &reader, LedgerWatcher &watcher, AdminActions &actions,
                     DialogPrompter &prompter, QWidget *parent)
    : QWidget(parent)
    , m_reader(reader)
    , m_channel(QStringLiteral("admin:%1").arg(quintptr(this)))
{
    setObjectName(QStringLiteral("adminView"));
    auto *layout = new QVBoxLayout(this);
    m_controls = new PayoutControls(prompter, this);
    layout->addWidget(m_controls);

    m_totals = new ArtistTotalsModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_totals);
    m_proxy->setSortRole(ArtistTotalsModel::RawRole);
    m_proxy->setFilterKeyColumn(ArtistTotalsModel::Artist);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    auto *totalsBox = new QWidget(this);
    auto *totalsLayout = new QVBoxLayout(totalsBox);
    totalsLayout->setContentsMargins(0, 0, 0, 0);
    auto *filterRow = new QHBoxLayout;
    auto *filterLabel = new QLabel(tr("&Find artist:"), totalsBox);
    m_filter = new QLineEdit(totalsBox);
    m_filter->setObjectName(QStringLiteral("artistFilter"));
    m_filter->setAccessibleName(tr("Find artist"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setPlaceholderText(tr("part of an artist id"));
    filterLabel->setBuddy(m_filter);
    m_summary = new QLabel(totalsBox);
    m_summary->setObjectName(QStringLiteral("adminSummary"));
    filterRow->addWidget(filterLabel);
    filterRow->addWidget(m_filter, 1);
    filterRow->addWidget(m_summary);
    totalsLayout->addLayout(filterRow);

    m_table = new QTableView(totalsBox);
    m_table->setObjectName(QStringLiteral("artistTotalsTable"));
    m_table->setAccessibleName(tr("Totals per artist"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ArtistTotalsModel::Artist, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    // Fixed widths: ResizeToContents would measure all ten thousand rows.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setDefaultSectionSize(100);
    m_table->setColumnWidth(ArtistTotalsModel::Artist, 90);
    m_table->setColumnWidth(ArtistTotalsModel::Account, 170);
    m_table->setColumnWidth(ArtistTotalsModel::Currency, 70);
    m_table->setTextElideMode(Qt::ElideMiddle); // acct_1Nv0…CVdK: both ends tell accounts apart
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->setTabKeyNavigation(false);
    m_totalsEmpty = new EmptyState(m_table, tr("Loading…"));
    totalsLayout->addWidget(m_table, 1);

    m_quarantine = new QuarantineModel(this);
    m_quarantinePanel = new QuarantinePanel(actions, prompter, *m_quarantine, this);
    m_link = new LinkArtistForm(actions, prompter, this);
    auto *side = new QWidget(this);
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(m_link);
    sideLayout->addWidget(m_quarantinePanel, 1);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(totalsBox);
    splitter->addWidget(side);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({760, 480});
    layout->addWidget(splitter, 1);

    connect(m_filter, &QLineEdit::textChanged, m_proxy,
            &QSortFilterProxyModel::setFilterFixedString);
    connect(m_filter, &QLineEdit::textChanged, this, [this] {
        if (m_totals->rowCount() > 0)
            updateEmptyText();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &AdminView::onCurrentRowChanged);
    connect(&watcher, &LedgerWatcher::ledgerChanged, this, &AdminView::onLedgerChanged);
    // The admin's own changes show at once, not after the live spacing.
    connect(m_link, &LinkArtistForm::linked, this, &AdminView::refresh);
    connect(m_link, &LinkArtistForm::holdsReleased, this, &AdminView::refresh);
    connect(m_quarantinePanel, &QuarantinePanel::replayed, this, &AdminView::refresh);
    m_throttle.setSingleShot(true);
    connect(&m_throttle, &QTimer::timeout, this, &AdminView::refreshLive);
    // The view is built hidden (a tab, or not in the admin view at all):
    // it reads the ledger when first shown.
    m_stale = true;
}

void AdminView::setRunControl(RunControl *runs)
{
    m_controls->setRunControl(runs);
}

void AdminView::setCleanupRunner(CleanupRunner *cleanup)
{
    m_controls->setCleanupRunner(cleanup);
}

void AdminView::onLedgerChanged()
{
    if (!isVisible()) {
        m_stale = true;
        return;
    }
    const qint64 since = m_lastRefresh.isValid() ? m_lastRefresh.elapsed() : kMinRefreshIntervalMs;
    if (since >= kMinRefreshIntervalMs)
        refreshLive();
    else if (!m_throttle.isActive())
        m_throttle.start(int(kMinRefreshIntervalMs - since));
}

void AdminView::refreshLive()
{
    if (!isVisible()) {
        m_stale = true;
        return;
    }
    m_lastRefresh.start();
    request();
}

void AdminView::request()
{
    m_loading = true;
    if (m_totals->rowCount() == 0)
        m_summary->setText(tr("Loading…"));
    m_reader.read<Snapshot>(
        m_channel, this,
        [](LedgerReader &reader) -> Result<Snapshot> {
            Result<QList<ArtistTotalsModel::Row>> totals = ArtistTotalsModel::read(reader);
            if (!totals)
                return fail(totals.error());
            Result<QList<QuarantinedEvent>> quarantine = reader.quarantine();
            if (!quarantine)
                return fail(quarantine.error());
            return Snapshot{std::move(*totals), std::move(*quarantine)};
        },
        [this](const Result<Snapshot> &snapshot) {
            m_loading = m_reader.isBusy(m_channel);
            if (!snapshot) {
                m_summary->setText(tr("Cannot read the ledger: %1").arg(snapshot.error().message));
                Q_EMIT refreshed();
                return;
            }
            m_totals->apply(snapshot->totals);
            m_quarantine->apply(snapshot->quarantine);
            showTotals();
        });
}

int AdminView::heightForWidth(int width) const
{
    return layout()->totalMinimumHeightForWidth(width);
}

void AdminView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale)
        refresh();
}

void AdminView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LocaleChange) {
        m_totals->setLocale(locale());
        m_quarantine->setLocale(locale());
    }
}

void AdminView::onCurrentRowChanged()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid())
        return;
    const QString artist = current.data(ArtistTotalsModel::ArtistIdRole).toString();
    m_link->setArtist(artist);
    Q_EMIT artistChosen(artist);
}

void AdminView::refresh()
{
    m_stale = false;
    m_throttle.stop();
    m_lastRefresh.start();
    m_totals->setLocale(locale());
    m_quarantine->setLocale(locale());
    request();
}

void AdminView::showTotals()
{
    updateEmptyText();
    m_summary->setText(tr("%n artist(s)", nullptr, int(m_totals->artistIds().size())));
    Q_EMIT refreshed();
}

void AdminView::updateEmptyText()
{
    m_totalsEmpty->setText(
        m_filter->text().isEmpty()
            ? tr("No artists yet. Artists appear here with the store's first sale for them, or "
                 "when you link one to a payout account.")
            : tr("No artist id contains \"%1\". Clear the filter to see every artist.")
                  .arg(m_filter->text()));
}
