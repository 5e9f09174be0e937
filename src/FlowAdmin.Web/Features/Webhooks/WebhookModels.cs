namespace FlowAdmin.Web.Features.Webhooks;

/// <summary>A webhook as the list shows it, with the health of its last delivery.</summary>
public sealed record WebhookRow(
    int Id, string Name, string Url, IReadOnlyList<string> Events, bool IsActive,
    DateTime? DisabledAt, string? DisabledReason,
    DateTime? LastDeliveryAt, int? LastStatusCode, bool? LastSucceeded, DateTime CreatedAt)
{
    /// <summary>Switched off by the sender (410 Gone, or failing for too long), not by a person.</summary>
    public bool IsDisabled => DisabledAt is not null;
}

/// <summary>What the add/edit dialog sends. <see cref="Id"/> is 0 for a new webhook.</summary>
public sealed class WebhookForm
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string Url { get; set; } = "";
    public List<string> Events { get; set; } = [];
    public bool IsActive { get; set; } = true;
    public List<WebhookHeaderInput> Headers { get; set; } = [];
}

/// <summary>
/// One custom header row. A saved value never comes back to the browser: <see cref="StoredName"/> says the
/// row stands for a stored header, and an empty <see cref="Value"/> keeps that stored value.
/// </summary>
public sealed class WebhookHeaderInput
{
    // A cleared text field sends null; the rules and the "keep the stored value" test want "".
    public string Name { get => _name; set => _name = value ?? ""; }
    public string Value { get => _value; set => _value = value ?? ""; }
    /// <summary>The header's name when it was loaded; null for a row added in this dialog.</summary>
    public string? StoredName { get; set; }

    public bool KeepsStoredValue => StoredName is not null && Value.Length == 0;

    private string _name = "";
    private string _value = "";
}

/// <summary>The signing secret, shown on demand to an administrator; while a rotation overlaps, until when the old one still signs.</summary>
public sealed record WebhookSecretView(string Secret, DateTime? PreviousValidUntil);
