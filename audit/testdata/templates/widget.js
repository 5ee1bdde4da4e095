(function () {
  var host = "widget.airbrand-chat.com";
  var s = document.createElement("script");
  s.src = "https://" + host + "/loader.js";
  document.head.appendChild(s);
})();
