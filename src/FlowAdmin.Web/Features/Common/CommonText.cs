namespace FlowAdmin.Web.Features.Common;

/// <summary>Marker for the texts the settings screens share (buttons, active/inactive, name rules, in-use refusal).</summary>
public sealed class CommonText;
