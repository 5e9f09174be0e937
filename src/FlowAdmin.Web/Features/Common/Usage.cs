using Microsoft.Extensions.Localization;

namespace FlowAdmin.Web.Features.Common;

/// <summary>
/// Collects what still refers to a record before it is deleted. A record in use is refused with one clear
/// message ("in use by channels (2), tickets (5); deactivate instead") rather than a foreign-key error.
/// </summary>
public sealed class Usage
{
    private readonly List<string> _uses = [];

    /// <summary>Awaits one count (callers await each in turn: a context runs one query at a time).</summary>
    public async Task AddAsync(string what, Task<int> count)
    {
        var n = await count;
        if (n > 0) _uses.Add($"{what} ({n})");
    }

    public void ThrowIfAny(string property, IStringLocalizer<CommonText> c)
    {
        if (_uses.Count > 0) throw Refuse.On(property, c["InUse", string.Join(", ", _uses)]);
    }
}
