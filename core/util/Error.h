#pragma once

#include <QString>

#include <expected>

// Errors are values. A failed operation returns an Error with a message a
// person can act on; nothing in the engine throws into the event loop.
struct Error
{
    enum class Kind { Database, Validation, Io, Config, Secret, Network, Conflict };
    Kind kind = Kind::Database;
    QString message;

    static Error database(QString m) { return {Kind::Database, std::move(m)}; }
    static Error io(QString m) { return {Kind::Io, std::move(m)}; }
    static Error config(QString m) { return {Kind::Config, std::move(m)}; }
    static Error secret(QString m) { return {Kind::Secret, std::move(m)}; }
};

template<typename T> using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

inline std::unexpected<Error> fail(Error e)
{
    return std::unexpected<Error>(std::move(e));
}
