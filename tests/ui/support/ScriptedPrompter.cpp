#include "ScriptedPrompter.h"

#include "common/TypedConfirmDialog.h"

#include <QLineEdit>
#include <QPushButton>
#include <QTest>

bool ScriptedPrompter::confirm(QWidget *, const QString &title, const QString &, const QString &)
{
    asked << QStringLiteral("confirm: ") + title;
    return confirmAnswers.isEmpty() ? false : confirmAnswers.dequeue();
}

bool ScriptedPrompter::confirmTyped(QWidget *parent, const QString &title, const QString &text,
                                    const QString &word, const QString &confirmLabel)
{
    asked << QStringLiteral("typed: ") + title;
    typedWords << word;
    TypedConfirmDialog dialog(title, text, word, confirmLabel, parent);
    dialog.show();
    auto *edit = dialog.findChild<QLineEdit *>(QStringLiteral("typedConfirmEdit"));
    auto *confirmButton = dialog.findChild<QPushButton *>(QStringLiteral("typedConfirmButton"));
    auto *cancelButton = dialog.findChild<QPushButton *>(QStringLiteral("typedCancelButton"));
    if (!edit || !confirmButton || !cancelButton)
        return false;
    if (typedAnswers.isEmpty()) {
        QTest::mouseClick(cancelButton, Qt::LeftButton);
        return dialog.result() == QDialog::Accepted;
    }
    QTest::keyClicks(edit, typedAnswers.dequeue());
    // A disabled button ignores the click, as it would for a person.
    QTest::mouseClick(confirmButton, Qt::LeftButton);
    if (dialog.isVisible())
        QTest::mouseClick(cancelButton, Qt::LeftButton);
    return dialog.result() == QDialog::Accepted;
}

void ScriptedPrompter::inform(QWidget *, const QString &, const QString &text)
{
    informed << text;
}

void ScriptedPrompter::warn(QWidget *, const QString &, const QString &text)
{
    warned << text;
}

std::optional<QString> ScriptedPrompter::askText(QWidget *, const QString &title, const QString &,
                                                 const QString &)
{
    asked << QStringLiteral("text: ") + title;
    if (textAnswers.isEmpty())
        return std::nullopt;
    return textAnswers.dequeue();
}

QString ScriptedPrompter::saveFileName(QWidget *, const QString &caption, const QString &,
                                       const QString &)
{
    asked << QStringLiteral("save: ") + caption;
    return saveFileAnswers.isEmpty() ? QString() : saveFileAnswers.dequeue();
}
