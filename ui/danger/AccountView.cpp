#include "AccountView.h"

#include "common/LedgerWatcher.h"
#include "danger/DangerZone.h"
#include "ledger/LedgerReader.h"

#include <QGroupBox>
#include <QLabel>
#include <QVBoxLayout>

AccountView::AccountView(LedgerReader &reader, LedgerWatcher &watcher, AdminActions &actions,
                         DialogPrompter &prompter, QWidget *parent)
    : QWidget(parent)
    , m_reader(reader)
{
    setObjectName(QStringLiteral("accountView"));
    auto *layout = new QVBoxLayout(this);
    auto *box = new QGroupBox(tr("Payout account"), this);
    auto *boxLayout = new QVBoxLayout(box);
    m_account = new QLabel(box);
    m_account->setObjectName(QStringLiteral("accountStatus"));
    m_account->setWordWrap(true);
    m_account->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    boxLayout->addWidget(m_account);
    layout->addWidget(box);
    m_danger = new DangerZone(reader, actions, prompter, this);
    layout->addWidget(m_danger);
    layout->addStretch();

    connect(&watcher, &LedgerWatcher::ledgerChanged, this, &AccountView::refresh);
    refresh();
}

void AccountView::setArtist(const QString &artist)
{
    m_artist = artist;
    m_danger->setArtist(artist);
    refresh();
}

void AccountView::refresh()
{
    if (m_artist.isEmpty()) {
        m_account->setText(tr("No artist chosen."));
        return;
    }
    const Result<std::optional<Artist>> artist = m_reader.artist(m_artist);
    if (!artist) {
        m_account->setText(tr("Cannot read the ledger: %1").arg(artist.error().message));
        return;
    }
    if (!*artist)
        m_account->setText(tr("%1 has no sales in this ledger yet.").arg(m_artist));
    else if ((*artist)->account.isEmpty())
        m_account->setText(tr("%1 has no payout account linked. Money owed is kept on hold and "
                              "paid in the first run after an account is linked.")
                               .arg(m_artist));
    else
        m_account->setText(
            tr("%1 is paid to the Stripe connected account %2.").arg(m_artist, (*artist)->account));
}
