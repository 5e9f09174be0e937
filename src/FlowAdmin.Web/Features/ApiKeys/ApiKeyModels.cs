using FlowAdmin.Data.Entities;

namespace FlowAdmin.Web.Features.ApiKeys;

/// <summary>A key as the list and the API show it: never the key itself, only its first characters.</summary>
public sealed record ApiKeyRow(int Id, string Name, ApiKeyScope Scope, string Prefix, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt)
{
    public bool IsRevoked => RevokedAt is not null;
}

/// <summary>What creating a key sends.</summary>
public sealed record ApiKeyInput
{
    public string Name { get; set; } = "";
    public ApiKeyScope Scope { get; set; } = ApiKeyScope.ReadOnly;
}

/// <summary>A new key: the only moment its clear value exists outside the client that keeps it.</summary>
public sealed record CreatedApiKey(ApiKeyRow Key, string Secret);
