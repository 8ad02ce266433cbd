/* Plotly's chart toolbar in Hindi: the "hi" locale that dcc.Graph asks for with
   config.locale on Hindi pages (dashboards/figure_block.py, graph_config). Plotly loads after
   this file, so the locale waits in window.PlotlyLocales, as Plotly's own locale files do.
   Only words are translated; numbers keep the format the figures give them. */
(function () {
  var locale = {
    moduleType: "locale",
    name: "hi",
    dictionary: {
      "Autoscale": "अपने आप पैमाना",
      "Box Select": "आयत से चुनें",
      "Lasso Select": "घेरकर चुनें",
      "Pan": "खिसकाएँ",
      "Reset": "पहले जैसा करें",
      "Reset axes": "अक्ष पहले जैसे करें",
      "Reset view": "दृश्य पहले जैसा करें",
      "Reset views": "दृश्य पहले जैसे करें",
      "Zoom": "ज़ूम",
      "Zoom in": "ज़ूम बढ़ाएँ",
      "Zoom out": "ज़ूम घटाएँ",
      "Download plot": "चार्ट डाउनलोड करें",
      "Download plot as a PNG": "चार्ट PNG के रूप में डाउनलोड करें",
      "Download plot as JSON": "चार्ट JSON के रूप में डाउनलोड करें",
      "Image download succeeded": "चित्र डाउनलोड हो गया",
      "Preparing image - this may take a few seconds": "चित्र बन रहा है, कुछ सेकंड लग सकते हैं",
      "Share chart": "चार्ट साझा करें",
      "Share chart...": "चार्ट साझा करें...",
      "Show closest data on hover": "माउस के पास का डेटा दिखाएँ",
      "Compare data on hover": "माउस पर डेटा की तुलना करें",
      "Toggle Spike Lines": "संदर्भ रेखाएँ दिखाएँ / छिपाएँ",
      "Toggle show closest data on hover": "पास का डेटा दिखाना चालू / बंद करें",
      "Double-click on legend to isolate one trace": "एक श्रृंखला अलग देखने के लिए लेजेंड पर दो बार क्लिक करें",
      "Double-click to zoom back out": "वापस ज़ूम घटाने के लिए दो बार क्लिक करें",
      "Click to enter Plot title": "चार्ट का शीर्षक लिखने के लिए क्लिक करें",
      "Click to enter X axis title": "X अक्ष का शीर्षक लिखने के लिए क्लिक करें",
      "Click to enter Y axis title": "Y अक्ष का शीर्षक लिखने के लिए क्लिक करें",
      "Click to enter Colorscale title": "रंग-पैमाने का शीर्षक लिखने के लिए क्लिक करें"
    },
    format: {}
  };
  if (typeof window.Plotly === "undefined") {
    window.PlotlyLocales = window.PlotlyLocales || [];
    window.PlotlyLocales.push(locale);
  } else {
    window.Plotly.register(locale);
  }
})();
