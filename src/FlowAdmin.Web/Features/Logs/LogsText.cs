namespace FlowAdmin.Web.Features.Logs;

/// <summary>Marker for LogsText.resx (pt-BR) and LogsText.en.resx.</summary>
public sealed class LogsText;
