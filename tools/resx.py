#!/usr/bin/env python3
"""Writes a pair of .resx files (neutral = pt-BR, .en = English) from a TSV of key<TAB>pt-BR<TAB>en.

    python3 tools/resx.py src/FlowAdmin.Web/Features/Channels/ChannelsText < strings.tsv

Existing keys in the files are kept unless the TSV names them again. Used by developers only; the
build reads the .resx files themselves.
"""
import sys, xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

HEADER = '''<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
'''

def read(path):
    try:
        return {d.get('name'): (d.findtext('value') or '') for d in ET.parse(path).getroot().findall('data')}
    except FileNotFoundError:
        return {}

def write(path, entries):
    with open(path, 'w', encoding='utf-8') as f:
        f.write(HEADER)
        for k in sorted(entries):
            f.write(f'  <data name="{escape(k, {chr(34): "&quot;"})}" xml:space="preserve"><value>{escape(entries[k])}</value></data>\n')
        f.write('</root>\n')

base = sys.argv[1]
pt, en = read(base + '.resx'), read(base + '.en.resx')
for line in sys.stdin:
    line = line.rstrip('\n')
    if not line.strip() or line.startswith('#'):
        continue
    key, pt_text, en_text = line.split('\t')
    pt[key], en[key] = pt_text, en_text
write(base + '.resx', pt)
write(base + '.en.resx', en)
