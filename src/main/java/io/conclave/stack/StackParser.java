package io.conclave.stack;

import io.conclave.election.ConclaveException;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.ext.DefaultHandler2;

import javax.xml.XMLConstants;
import javax.xml.parsers.SAXParserFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a JGroups stack file strictly, keeping line numbers. JGroups' own parser accepts some broken
 * files silently (a missing '>' swallows the following protocols), so every stack goes through here first.
 */
public final class StackParser {

    private StackParser() {
    }

    public static StackDefinition parse(String origin, String xml) {
        if (xml.isBlank()) {
            throw new ConclaveException(origin + ": the stack file is empty; it must hold a JGroups <config> with protocols");
        }
        Handler handler = new Handler(origin);
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            var parser = factory.newSAXParser();
            parser.setProperty("http://xml.org/sax/properties/lexical-handler", handler);
            parser.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), handler);
        } catch (SAXParseException e) {
            throw new ConclaveException(origin + ":" + e.getLineNumber() + ": malformed XML: "
                    + e.getMessage().replaceAll("\\s+", " ").trim() + " (fix the stack file)");
        } catch (SAXException | IOException | javax.xml.parsers.ParserConfigurationException e) {
            throw new ConclaveException(origin + ": cannot read the stack file: " + e.getMessage());
        }
        if (handler.protocols.isEmpty()) {
            throw new ConclaveException(origin + ": no protocols inside <config>; a stack needs at least a transport (UDP or TCP), discovery and pbcast.GMS");
        }
        return new StackDefinition(origin, handler.description, handler.protocols);
    }

    private static final class Handler extends DefaultHandler2 {
        private final String origin;
        private final List<ProtocolSpec> protocols = new ArrayList<>();
        private Locator locator;
        private int depth;
        private String description = "";
        private boolean sawElement;

        Handler(String origin) {
            this.origin = origin;
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        @Override
        public void comment(char[] ch, int start, int length) {
            if (!sawElement && description.isEmpty()) {
                description = new String(ch, start, length).strip().lines()
                        .map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
            }
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
            sawElement = true;
            depth++;
            if (depth == 1) {
                if (!localName.equals("config")) {
                    throw new SAXParseException("the root element is <" + qName + ">, expected <config>", locator);
                }
                return;
            }
            if (depth == 2) {
                Map<String, String> attributes = new LinkedHashMap<>();
                for (int i = 0; i < atts.getLength(); i++) {
                    String name = atts.getQName(i);
                    if (!name.startsWith("xmlns") && !name.startsWith("xsi:")) {
                        attributes.put(name, atts.getValue(i));
                    }
                }
                protocols.add(new ProtocolSpec(localName, attributes, locator.getLineNumber()));
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            depth--;
        }
    }
}
