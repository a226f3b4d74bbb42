#pragma once

#include <QGroupBox>

class DialogPrompter;
class Ledger;
class QLabel;
class QLineEdit;
class QPushButton;

// Links an artist to a Stripe connected account (acct_...) through
// Ledger::linkArtist, which also releases the money held for lack of an
// account (or after a reset) to be paid in the next run. Because that sends
// money to the account, the link is confirmed first.
class LinkArtistForm final : public QGroupBox
{
    Q_OBJECT
public:
    LinkArtistForm(Ledger &ledger, DialogPrompter &prompter, QWidget *parent = nullptr);

    void setArtist(const QString &artist);
    static bool isAccountId(const QString &text);

Q_SIGNALS:
    void linked(const QString &artist, const QString &account, int released);

private:
    void link();
    void updateButton();

    Ledger &m_ledger;
    DialogPrompter &m_prompter;
    QLineEdit *m_artist = nullptr;
    QLineEdit *m_account = nullptr;
    QPushButton *m_link = nullptr;
    QLabel *m_result = nullptr;
};
