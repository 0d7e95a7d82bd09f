using System.Globalization;
using System.Xml;

using Coffer.Engine.Lifecycle;
using Coffer.S3.Xml;

namespace Coffer.S3.Lifecycle;

/// <summary>
/// Writes a lifecycle configuration as S3's LifecycleConfiguration document, the body of GetBucketLifecycleConfiguration,
/// in the form the client sent: a rule-level Prefix stays one, a Filter keeps its condition (or its And).
/// </summary>
public static class LifecycleConfigurationWriter
{
    public static void Write(XmlWriter xml, LifecycleConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(xml);
        ArgumentNullException.ThrowIfNull(configuration);
        xml.WriteStartElement("LifecycleConfiguration", S3Xml.Namespace);
        foreach (var rule in configuration.Rules)
        {
            xml.WriteStartElement("Rule");
            xml.WriteElementString("ID", rule.Id);
            WriteFilter(xml, rule.Filter);
            xml.WriteElementString("Status", rule.Enabled ? "Enabled" : "Disabled");
            if (rule.Expiration is { } expiration)
            {
                xml.WriteStartElement("Expiration");
                Optional(xml, "Days", expiration.Days);
                if (expiration.Date is { } date)
                {
                    xml.WriteElementString("Date", S3Xml.Timestamp(date));
                }

                if (expiration.ExpiredObjectDeleteMarker is { } marker)
                {
                    xml.WriteElementString("ExpiredObjectDeleteMarker", marker ? "true" : "false");
                }

                xml.WriteEndElement();
            }

            foreach (var transition in rule.Transitions)
            {
                xml.WriteStartElement("Transition");
                Optional(xml, "Days", transition.Days);
                if (transition.Date is { } date)
                {
                    xml.WriteElementString("Date", S3Xml.Timestamp(date));
                }

                xml.WriteElementString("StorageClass", transition.StorageClass);
                xml.WriteEndElement();
            }

            foreach (var transition in rule.NoncurrentVersionTransitions)
            {
                xml.WriteStartElement("NoncurrentVersionTransition");
                Optional(xml, "NoncurrentDays", transition.NoncurrentDays);
                Optional(xml, "NewerNoncurrentVersions", transition.NewerNoncurrentVersions);
                xml.WriteElementString("StorageClass", transition.StorageClass);
                xml.WriteEndElement();
            }

            if (rule.NoncurrentVersionExpiration is { } noncurrent)
            {
                xml.WriteStartElement("NoncurrentVersionExpiration");
                Optional(xml, "NoncurrentDays", noncurrent.NoncurrentDays);
                Optional(xml, "NewerNoncurrentVersions", noncurrent.NewerNoncurrentVersions);
                xml.WriteEndElement();
            }

            if (rule.AbortIncompleteMultipartUploadDays is { } abortDays)
            {
                xml.WriteStartElement("AbortIncompleteMultipartUpload");
                Optional(xml, "DaysAfterInitiation", abortDays);
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static void WriteFilter(XmlWriter xml, LifecycleFilter filter)
    {
        if (filter.Shape == LifecycleFilterShape.RulePrefix)
        {
            xml.WriteElementString("Prefix", filter.Prefix);
            return;
        }

        xml.WriteStartElement("Filter");
        switch (filter.Shape)
        {
            case LifecycleFilterShape.Prefix:
                xml.WriteElementString("Prefix", filter.Prefix);
                break;
            case LifecycleFilterShape.Tag:
                WriteTags(xml, filter);
                break;
            case LifecycleFilterShape.ObjectSizeGreaterThan or LifecycleFilterShape.ObjectSizeLessThan:
                WriteSizes(xml, filter);
                break;
            case LifecycleFilterShape.And:
                xml.WriteStartElement("And");
                if (filter.Prefix.Length > 0)
                {
                    xml.WriteElementString("Prefix", filter.Prefix);
                }

                WriteTags(xml, filter);
                WriteSizes(xml, filter);
                xml.WriteEndElement();
                break;
        }

        xml.WriteEndElement();
    }

    private static void WriteTags(XmlWriter xml, LifecycleFilter filter)
    {
        foreach (var tag in filter.Tags)
        {
            xml.WriteStartElement("Tag");
            xml.WriteElementString("Key", tag.Key);
            xml.WriteElementString("Value", tag.Value);
            xml.WriteEndElement();
        }
    }

    private static void WriteSizes(XmlWriter xml, LifecycleFilter filter)
    {
        Optional(xml, "ObjectSizeGreaterThan", filter.ObjectSizeGreaterThan);
        Optional(xml, "ObjectSizeLessThan", filter.ObjectSizeLessThan);
    }

    private static void Optional(XmlWriter xml, string name, long? value)
    {
        if (value is { } number)
        {
            xml.WriteElementString(name, number.ToString(CultureInfo.InvariantCulture));
        }
    }
}
