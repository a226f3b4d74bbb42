#pragma once

#include "engine/PayoutRun.h"

#include <QObject>

// What the window needs from a payout engine running in this process:
// start a run, and hear how it goes. The window holds a RunControl, never
// the engine itself, so it builds and is tested without the engine's
// implementation; EngineRunControl adapts the real PayoutEngine (or, in
// tests, a double with the same signals) to it.
class RunControl : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual bool isRunning() const = 0;
    virtual void requestRun(const QString &trigger) = 0;

Q_SIGNALS:
    void runStarted(const QString &trigger);
    void progressChanged(int done, int total);
    void runFinished(const PayoutRunSummary &summary);
    void runningChanged(bool running);
};

// Forwards an engine's signals (engine/PayoutEngine.h: runStarted,
// progressChanged, runFinished, runningChanged; requestRun; isRunning) to a
// RunControl. A template, so that it is compiled against an engine only
// where one is instantiated: the product with PayoutEngine, the tests with
// their double. The engine must outlive this object.
template<class Engine> class EngineRunControl final : public RunControl
{
public:
    explicit EngineRunControl(Engine &engine, QObject *parent = nullptr)
        : RunControl(parent)
        , m_engine(engine)
    {
        connect(&engine, &Engine::runStarted, this, &RunControl::runStarted);
        connect(&engine, &Engine::progressChanged, this, &RunControl::progressChanged);
        connect(&engine, &Engine::runFinished, this, &RunControl::runFinished);
        connect(&engine, &Engine::runningChanged, this, &RunControl::runningChanged);
    }

    bool isRunning() const override { return m_engine.isRunning(); }
    void requestRun(const QString &trigger) override { m_engine.requestRun(trigger); }

private:
    Engine &m_engine;
};
