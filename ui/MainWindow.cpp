#include "MainWindow.h"

#include "config/Settings.h"
#include "ledger/Ledger.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMap>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

MainWindow::MainWindow(Ledger &ledger, Settings &settings, bool admin, QWidget *parent)
    : QMainWindow(parent)
    , m_ledger(ledger)
    , m_settings(settings)
    , m_admin(admin)
{
    setWindowTitle(tr("Payout Desk"));
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    auto *heading = new QLabel(tr("Scheduled Payouts"), central);
    QFont f = heading->font();
    f.setPointSizeF(f.pointSizeF() * 1.4);
    f.setBold(true);
    heading->setFont(f);
    m_total = new QLabel(central);
    m_total->setObjectName(QStringLiteral("totalPending"));
    m_table = new QTableWidget(0, 5, central);
    m_table->setObjectName(QStringLiteral("artistTotals"));
    m_table->setHorizontalHeaderLabels(
        {tr("Artist"), tr("Currency"), tr("Pending"), tr("On hold"), tr("Paid")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto *refreshButton = new QPushButton(tr("&Refresh"), central);
    refreshButton->setObjectName(QStringLiteral("refreshButton"));
    layout->addWidget(heading);
    layout->addWidget(m_total);
    layout->addWidget(m_table);
    layout->addWidget(refreshButton, 0, Qt::AlignRight);
    setCentralWidget(central);
    resize(760, 480);

    connect(refreshButton, &QPushButton::clicked, this, &MainWindow::refresh);
    connect(&m_ledger, &Ledger::changed, this, &MainWindow::refresh);
    refresh();
}

void MainWindow::refresh()
{
    const QString artist = m_admin ? QString() : m_settings.string(Settings::Key::ArtistId);
    const Result<QList<ArtistBalance>> balances = m_ledger.balances(artist);
    if (!balances) {
        m_total->setText(tr("Cannot read the ledger: %1").arg(balances.error().message));
        return;
    }
    const QLocale locale;
    QMap<QString, qint64> pending;
    m_table->setRowCount(int(balances->size()));
    int row = 0;
    for (const ArtistBalance &b : *balances) {
        pending[b.currency] += b.pendingMinor;
        const QStringList cells{b.artist, b.currency.toUpper(),
                                Money{b.pendingMinor, b.currency}.format(locale),
                                Money{b.heldMinor, b.currency}.format(locale),
                                Money{b.paidMinor, b.currency}.format(locale)};
        for (int c = 0; c < cells.size(); ++c)
            m_table->setItem(row, c, new QTableWidgetItem(cells.at(c)));
        ++row;
    }
    QStringList totals;
    for (auto it = pending.cbegin(); it != pending.cend(); ++it)
        totals << Money{it.value(), it.key()}.format(locale);
    m_total->setText(totals.isEmpty()
                         ? tr("Nothing pending")
                         : tr("Total pending: %1").arg(totals.join(QStringLiteral(" · "))));
}
