#pragma once

#include "common/DialogPrompter.h"

#include <QQueue>
#include <QStringList>

// A DialogPrompter for GUI tests: answers come from queues the test fills
// beforehand (like KeePassXC's MessageBox::setNextAnswer), every question is
// recorded, and nothing modal ever opens. confirmTyped() shows the real
// TypedConfirmDialog without exec(), types the scripted text into it with
// QTest::keyClicks and clicks its confirm button only if that button is
// enabled, so the typed-word rule is exercised in the flow as well.
class ScriptedPrompter final : public DialogPrompter
{
public:
    QQueue<bool> confirmAnswers;  // empty queue: answer no
    QQueue<QString> typedAnswers; // empty queue: cancel the typed dialog
    QQueue<QString> saveFileAnswers;
    QQueue<QString> textAnswers; // empty queue: cancel

    QStringList asked;      // titles, in order, with a kind prefix
    QStringList typedWords; // the word each typed dialog asked for
    QStringList informed;
    QStringList warned;

    bool confirm(QWidget *parent, const QString &title, const QString &text,
                 const QString &confirmLabel) override;
    bool confirmTyped(QWidget *parent, const QString &title, const QString &text,
                      const QString &word, const QString &confirmLabel) override;
    void inform(QWidget *parent, const QString &title, const QString &text) override;
    void warn(QWidget *parent, const QString &title, const QString &text) override;
    std::optional<QString> askText(QWidget *parent, const QString &title, const QString &label,
                                   const QString &confirmLabel) override;
    QString saveFileName(QWidget *parent, const QString &caption, const QString &suggestedPath,
                         const QString &filter) override;
};
