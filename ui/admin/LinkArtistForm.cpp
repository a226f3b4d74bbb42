#include "LinkArtistForm.h"

#include "common/DialogPrompter.h"
#include "service/AdminActions.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QRegularExpressionValidator>

namespace {

const QRegularExpression &accountPattern()
{
    static const QRegularExpression re(QStringLiteral("^acct_[A-Za-z0-9]{1,64}$"));
    return re;
}

} // namespace

LinkArtistForm::LinkArtistForm(AdminActions &actions, DialogPrompter &prompter, QWidget *parent)
    : QGroupBox(tr("Payout account and held money"), parent)
    , m_actions(actions)
    , m_prompter(prompter)
{
    setObjectName(QStringLiteral("linkArtistForm"));
    auto *form = new QFormLayout(this);
    m_artist = new QLineEdit(this);
    m_artist->setObjectName(QStringLiteral("linkArtistEdit"));
    m_artist->setAccessibleName(tr("Artist id"));
    m_artist->setPlaceholderText(tr("artist id, e.g. art_42"));
    m_account = new QLineEdit(this);
    m_account->setObjectName(QStringLiteral("linkAccountEdit"));
    m_account->setAccessibleName(tr("Connected account id"));
    m_account->setPlaceholderText(tr("acct_…"));
    m_account->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("acct_[A-Za-z0-9]{0,64}")), m_account));
    m_link = new QPushButton(tr("&Link"), this);
    m_link->setObjectName(QStringLiteral("linkArtistButton"));
    m_link->setAccessibleName(tr("Link artist to account"));
    m_release = new QPushButton(tr("&Release held money…"), this);
    m_release->setObjectName(QStringLiteral("releaseHeldButton"));
    m_release->setAccessibleName(tr("Release the artist's held money"));
    m_release->setToolTip(tr("Moves the artist's money on hold back to be paid in the next "
                             "payout run. Money held for lack of a payout account waits for a "
                             "link instead."));
    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("linkResult"));
    m_result->setWordWrap(true);

    form->addRow(tr("&Artist:"), m_artist);
    auto *row = new QHBoxLayout;
    row->addWidget(m_account, 1);
    row->addWidget(m_link);
    auto *accountLabel = new QLabel(tr("Acc&ount:"), this);
    accountLabel->setBuddy(m_account);
    form->addRow(accountLabel, row);
    form->addRow(QString(), m_release);
    form->addRow(m_result);

    connect(m_artist, &QLineEdit::textChanged, this, &LinkArtistForm::updateButton);
    connect(m_account, &QLineEdit::textChanged, this, &LinkArtistForm::updateButton);
    connect(m_link, &QPushButton::clicked, this, &LinkArtistForm::link);
    connect(m_release, &QPushButton::clicked, this, &LinkArtistForm::releaseHolds);
    connect(m_account, &QLineEdit::returnPressed, this, &LinkArtistForm::link);
    updateButton();
}

bool LinkArtistForm::isAccountId(const QString &text)
{
    return accountPattern().match(text).hasMatch();
}

void LinkArtistForm::setArtist(const QString &artist)
{
    m_artist->setText(artist);
}

void LinkArtistForm::updateButton()
{
    m_link->setEnabled(!m_linking && !m_artist->text().trimmed().isEmpty() &&
                       isAccountId(m_account->text()));
    m_release->setEnabled(!m_linking && !m_artist->text().trimmed().isEmpty());
}

void LinkArtistForm::releaseHolds()
{
    const QString artist = m_artist->text().trimmed();
    if (m_linking || artist.isEmpty())
        return;
    if (!m_prompter.confirm(this, tr("Release held money"),
                            tr("Release the money held for %1?\n\nIt is paid to their payout "
                               "account in the next payout run. Release it only once the cause "
                               "of the hold is fixed; the audit trail records who released it.")
                                .arg(artist),
                            tr("&Release")))
        return;
    m_linking = true;
    m_result->setText(tr("Releasing the money held for %1…").arg(artist));
    updateButton();
    m_actions.releaseHolds(
        artist, QStringLiteral("admin"), this,
        [this, artist](const Result<AccountRules::HoldRelease> &released) {
            m_linking = false;
            updateButton();
            if (!released) {
                m_result->setText(tr("Nothing released: %1").arg(released.error().message));
                return;
            }
            m_result->setText(
                tr("%n held entries of %1 released to be paid.", nullptr, released->released)
                    .arg(artist));
            Q_EMIT holdsReleased(artist, released->released);
        });
}

void LinkArtistForm::link()
{
    const QString artist = m_artist->text().trimmed();
    const QString account = m_account->text();
    if (m_linking || artist.isEmpty() || !isAccountId(account))
        return;
    if (!m_prompter.confirm(this, tr("Link payout account"),
                            tr("Link %1 to the connected account %2?\n\nMoney held for lack of "
                               "an account is released and paid to this account in the next "
                               "payout run.")
                                .arg(artist, account),
                            tr("&Link")))
        return;
    m_linking = true;
    m_result->setText(tr("Linking %1…").arg(artist));
    updateButton();
    m_actions.linkArtist(artist, account, QStringLiteral("admin"), this,
                         [this, artist, account](const Result<int> &released) {
                             m_linking = false;
                             updateButton();
                             if (!released) {
                                 m_result->setText(
                                     tr("Not linked: %1").arg(released.error().message));
                                 return;
                             }
                             m_result->setText(tr("%1 is linked to %2; %n held entries released "
                                                  "to be paid.",
                                                  nullptr, *released)
                                                   .arg(artist, account));
                             m_account->clear();
                             Q_EMIT linked(artist, account, *released);
                         });
}
